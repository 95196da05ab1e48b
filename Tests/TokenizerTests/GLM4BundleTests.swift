import Foundation
import GLM4
import TestSupport
import Testing

@Suite struct GLM4BundleTests {
    @Test func bundledVocabularyIsTheReferenceFile() throws {
        let bundled = GLM4.vocabularyBytes
        let reference = try Reference.bytes(Reference.directory.appendingPathComponent("tokenizer.model"))
        #expect(bundled == reference)
        #expect(bundled.count == 2_623_634)
    }

    @Test func linkedInVocabularyLoadsWithItsChecksum() throws {
        let tokenizer = try GLM4.loadTokenizer()
        #expect(tokenizer.sha256 == GLM4.vocabularySHA256)
    }

    @Test func bundledConfigIsTheReferenceFile() throws {
        let bundled = GLM4.tokenizerConfigBytes
        let reference = try Reference.bytes(Reference.directory.appendingPathComponent("tokenizer_config.json"))
        #expect(bundled == reference)
    }
}
