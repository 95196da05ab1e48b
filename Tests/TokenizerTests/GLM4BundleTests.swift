import Foundation
import GLM4
import TestSupport
import Testing

@Suite struct GLM4BundleTests {
    @Test func bundledVocabularyIsTheReferenceFile() throws {
        let bundled = try Reference.bytes(GLM4.vocabularyURL)
        let reference = try Reference.bytes(Reference.directory.appendingPathComponent("tokenizer.model"))
        #expect(bundled == reference)
        #expect(bundled.count == 2_623_634)
    }

    @Test func bundledConfigIsTheReferenceFile() throws {
        let bundled = try Reference.bytes(GLM4.tokenizerConfigURL)
        let reference = try Reference.bytes(Reference.directory.appendingPathComponent("tokenizer_config.json"))
        #expect(bundled == reference)
    }
}
