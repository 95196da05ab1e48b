import Foundation
import Testing
import Tokenizer

/// Loading validates the tiktoken-format file once and names the offending line.
@Suite struct VocabularyTests {
    /// The 256 single bytes (ranks 0...255) plus `extra` tokens, one `<base64> <rank>` per line.
    static func vocabulary(_ extra: [[UInt8]] = [Array("ab".utf8), Array("abc".utf8)]) -> [String] {
        let tokens = (0..<256).map { [UInt8($0)] } + extra
        return tokens.enumerated().map { "\(Data($0.element).base64EncodedString()) \($0.offset)" }
    }

    static func load(_ lines: [String], specials: [SpecialToken] = [], sha: String? = nil) throws(TokenizerError) -> Tokenizer {
        try Tokenizer(vocabulary: Array((lines.joined(separator: "\n") + "\n").utf8), source: "v.model", specialTokens: specials, expectedSHA256: sha)
    }

    /// The 1-based line of a malformed-vocabulary error, or nil for any other outcome.
    static func errorLine(_ lines: [String]) -> Int? {
        do {
            _ = try load(lines)
            return nil
        } catch {
            if case let .malformedVocabulary(file, line, _) = error, file == "v.model" { return line }
            return nil
        }
    }

    @Test func smallVocabularyLoadsAndMerges() throws {
        let tok = try Self.load(Self.vocabulary(), specials: [SpecialToken(text: "<x>", id: 258)])
        #expect(tok.mergeableCount == 258)
        #expect(tok.vocabularySize == 259)
        #expect(try tok.encode(Array("abc<x>abd".utf8)) == [257, 258, 256, 100])
        #expect(tok.tokenBytes(257) == Array("abc".utf8))
        #expect(tok.tokenBytes(258) == Array("<x>".utf8))
        #expect(tok.tokenBytes(259) == nil && tok.tokenBytes(-1) == nil)
        #expect(tok.specialTokenID("<x>") == 258 && tok.specialTokenID("<y>") == nil)
        #expect(tok.isSpecial(258) && !tok.isSpecial(257))
    }

    @Test func ranksMayComeInAnyOrderAndBlankLinesAreSkipped() throws {
        var lines = Self.vocabulary()
        lines.swapAt(3, 257)
        lines.insert("", at: 10)
        lines = lines.map { $0 + "\r" }
        let tok = try Self.load(lines)
        #expect(try tok.encode(Array("abc".utf8)) == [257])
    }

    @Test func malformedLinesAreNamed() {
        var v = Self.vocabulary()
        v[5] = "AAAA"  // one field
        #expect(Self.errorLine(v) == 6)
        v = Self.vocabulary(); v[7] = "AQ== 7 9"  // three fields
        #expect(Self.errorLine(v) == 8)
        v = Self.vocabulary(); v[9] = "A@== 9"  // not base64
        #expect(Self.errorLine(v) == 10)
        v = Self.vocabulary(); v[9] = "AQ= 9"  // length not a multiple of 4
        #expect(Self.errorLine(v) == 10)
        v = Self.vocabulary(); v[11] = "Cw== x1"  // rank not a number
        #expect(Self.errorLine(v) == 12)
        v = Self.vocabulary(); v[257] = "YWJj 256"  // rank repeated
        #expect(Self.errorLine(v) == 258)
        v = Self.vocabulary(); v[257] = "YWJj 300"  // ranks not dense
        #expect(Self.errorLine(v) == 258)
        v = Self.vocabulary([Array("ab".utf8), Array("ab".utf8)])  // byte string repeated
        #expect(Self.errorLine(v) == 258)
        v = Self.vocabulary(); v.remove(at: 199)  // rank 199 missing: rank 257 (now line 257) is out of range
        #expect(Self.errorLine(v) == 257)
    }

    @Test func missingByteIsReported() {
        var v = Self.vocabulary([])
        v.removeLast()
        do {
            _ = try Self.load(v)
            Issue.record("loaded a vocabulary without byte 0xFF")
        } catch {
            #expect(error.description.contains("0xFF"))
        }
    }

    @Test func checksumIsVerified() throws {
        let v = Self.vocabulary()
        let text = Array((v.joined(separator: "\n") + "\n").utf8)
        let tok = try Self.load(v)
        #expect(tok.sha256.count == 64)
        _ = try Self.load(v, sha: tok.sha256.uppercased())
        #expect(throws: TokenizerError.checksumMismatch(file: "v.model", expected: String(repeating: "0", count: 64), actual: tok.sha256)) {
            try Tokenizer(vocabulary: text, source: "v.model", specialTokens: [], expectedSHA256: String(repeating: "0", count: 64))
        }
    }

    @Test func specialTokensAreValidated() {
        let v = Self.vocabulary()
        #expect(throws: TokenizerError.self) { try Self.load(v, specials: [SpecialToken(text: "<x>", id: 5)]) }
        #expect(throws: TokenizerError.self) { try Self.load(v, specials: [SpecialToken(text: "", id: 300)]) }
        #expect(throws: TokenizerError.self) {
            try Self.load(v, specials: [SpecialToken(text: "<x>", id: 300), SpecialToken(text: "<y>", id: 300)])
        }
        #expect(throws: TokenizerError.self) {
            try Self.load(v, specials: [SpecialToken(text: "<x>", id: 300), SpecialToken(text: "<x>", id: 301)])
        }
    }

    @Test func longestSpecialWinsAtAPosition() throws {
        let tok = try Self.load(Self.vocabulary(), specials: [SpecialToken(text: "<a", id: 300), SpecialToken(text: "<ab>", id: 301)])
        #expect(try tok.encode(Array("<ab><a".utf8)) == [301, 300])
    }

    @Test func missingFileIsAnError() {
        #expect(throws: TokenizerError.self) { try Tokenizer(vocabularyPath: "/nonexistent/tokenizer.model", specialTokens: []) }
    }
}
