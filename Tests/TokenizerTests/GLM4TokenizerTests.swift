import Foundation
import GLM4
import TestSupport
import Testing
import Tokenizer

@Suite struct GLM4TokenizerTests {
    /// The 14 special tokens match tokenizer_config.json's `added_tokens_decoder`.
    @Test func specialTokensMatchTheConfig() throws {
        let config = try JSONSerialization.jsonObject(with: Data(Reference.bytes(Reference.directory.appendingPathComponent("tokenizer_config.json")))) as! [String: Any]
        let added = config["added_tokens_decoder"] as! [String: [String: Any]]
        let fromConfig = added.map { (Int32($0.key)!, $0.value["content"] as! String) }.sorted { $0.0 < $1.0 }
        #expect(GLM4.specialTokens.count == 14)
        #expect(GLM4.specialTokens.map(\.id) == fromConfig.map(\.0))
        #expect(GLM4.specialTokens.map { String(decoding: $0.text, as: UTF8.self) } == fromConfig.map(\.1))
        #expect(GLM4.specialTokens.first?.id == 151_329 && GLM4.specialTokens.last?.id == 151_342)
    }

    @Test func bundledTokenizerShape() throws {
        let tok = try glm4()
        #expect(tok.mergeableCount == 151_329)
        #expect(tok.vocabularySize == 151_343)
        #expect(tok.sha256 == GLM4.vocabularySHA256)
        #expect(tok.specialTokenID("<|user|>") == 151_336)
        #expect(tok.specialTokenID("[gMASK]") == 151_331)
        #expect(tok.isSpecial(151_329) && !tok.isSpecial(151_328))
        #expect(tok.decodeLossy([151_336, 6023]) == "<|user|>hi")
        #expect(tok.decodeLossy([74764]) == "\u{FFFD}")  // half of an emoji
        #expect(Tokenizer.unicodeVersion == "16.0.0")
    }

    @Test func userSuppliedVocabularyLoadsWithoutChecksum() throws {
        let tok = try GLM4.loadTokenizer(vocabularyPath: Reference.directory.appendingPathComponent("tokenizer.model").path)
        #expect(try tok.encode(Array("<|user|>hi".utf8)) == [151_336, 6023])
    }
}
