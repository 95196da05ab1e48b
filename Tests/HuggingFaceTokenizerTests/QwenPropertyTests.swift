import Foundation
import HuggingFaceTokenizer
import TestSupport
import Testing
@testable import Tokenizer

/// Properties of the Qwen3.5 tokenizer that hold for any input.
@Suite struct QwenPropertyTests {
    /// The same vocabulary, pattern and added tokens without the normalizer (an encoder of the
    /// NFC text, to compare with).
    static let plain: Result<Tokenizer, any Error> = Result {
        let q = try qwen()
        let tokens = (0..<Int32(q.tokenizer.mergeableCount)).map { q.tokenizer.tokenBytes($0)! }
        return try Tokenizer(mergeableTokens: tokens, specialTokens: q.addedTokens, pattern: .qwen3_5, normalizer: .none,
                             emitsUnreachableTokens: false)
    }

    static let fragments: [String] = [
        "the", " the", "The", "ing", "x", "I", "don", "'s", "'S", "'ll", "'\u{17F}", "'", "0", "7", "12", "2024", "\u{0661}\u{0662}", "\u{00BD}",
        " ", "  ", "\t", "\n", "\r\n", "\r", "\u{A0}", "\u{2028}", "\u{3000}", ".", ",", "!", "...", "(", "<", ">", "|", "-",
        "\u{4FF1}\u{4E50}\u{90E8}", "\u{6BDB}\u{6CFD}\u{4E1C}", "\u{4E2D}\u{6587}", "\u{3053}\u{3093}", "\u{041F}\u{0440}\u{0438}",
        "\u{0928}\u{092E}\u{0938}\u{094D}\u{0924}\u{0947}",  // Devanagari with marks
        "e\u{301}", "\u{E9}", "\u{301}", "a\u{316}\u{301}", "a\u{301}\u{316}", "\u{1100}\u{1161}", "\u{212B}",
        "\u{1F600}", "\u{1F468}\u{200D}\u{1F469}", "\u{FE0F}", "\u{10FFFF}", "\u{0}", "\u{105C0}",
        "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "<|im_start|", "<|endoftext|>",
    ]

    static func text(_ rng: inout SplitMix64) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 0...14, using: &rng) {
            if Int.random(in: 0..<8, using: &rng) == 0 {
                var v = UInt32.random(in: 0...0x10FFFF, using: &rng)
                if (0xD800...0xDFFF).contains(v) { v = 0x41 }
                out.unicodeScalars.append(Unicode.Scalar(v)!)
            } else {
                out += fragments.randomElement(using: &rng)!
            }
        }
        return out
    }

    // No Hangul syllable + trailing jamo here: Foundation's NFC on Linux leaves U+AC00 U+11A8
    // uncomposed (Python's unicodedata and HF give U+AC01); `hangulComposes` checks those.

    /// NFC (Foundation, an implementation independent of ours) of each piece between added
    /// tokens (leftmost, longest), as HF's pipeline sees the text.
    static func nfcBetweenSpecials(_ s: String, _ specials: [SpecialToken]) -> [UInt8] {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var pending: [UInt8] = []
        func flush() {
            out += Array(String(decoding: pending, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
            pending = []
        }
        var i = 0
        while i < bytes.count {
            if let s = specials.filter({ bytes[i...].starts(with: $0.text) }).max(by: { $0.text.count < $1.text.count }) {
                flush()
                out += s.text
                i += s.text.count
            } else {
                pending.append(bytes[i])
                i += 1
            }
        }
        flush()
        return out
    }

    /// Each token whose bytes are valid UTF-8 and one pre-tokenizer piece encodes to itself,
    /// except the unreachable ones, which BPE spells with several tokens (as HF does).
    @Test func everyReachableTokenEncodesToItself() throws {
        let q = try qwen()
        let tok = try Self.plain.get()
        let unreachable = Set(q.unreachableTokens)
        var encoder = tok.makeEncoder(), nfcEncoder = q.tokenizer.makeEncoder()
        var checked = 0, checkedUnreachable = 0
        for id in 0..<Int32(tok.mergeableCount) {
            let bytes = tok.tokenBytes(id)!
            guard let text = String(validating: bytes, as: UTF8.self), let pieces = try? tok.pieces(bytes), pieces.count == 1 else { continue }
            var ids: [Int32] = []
            try encoder.encode(bytes, specials: false, into: &ids)
            if unreachable.contains(id) {
                #expect(ids.count > 1 && tok.decode(ids) == bytes, "token \(id)")
                checkedUnreachable += 1
            } else {
                #expect(ids == [id], "token \(id)")
            }
            if text.precomposedStringWithCanonicalMapping == text {
                var nfcIDs: [Int32] = []
                try nfcEncoder.encode(bytes, specials: false, into: &nfcIDs)
                #expect(nfcIDs == ids, "token \(id) (NFC tokenizer)")
            }
            checked += 1
        }
        #expect(checked > 200_000)
        #expect(checkedUnreachable == 201)
    }

    /// decode ∘ encode is the identity without the normalizer and NFC with it; and the NFC
    /// tokenizer's ids on any text are the plain tokenizer's ids on the NFC text (fast path
    /// and slow path of the normalizer agree with Foundation's NFC).
    @Test func decodeInvertsEncodeAndNFCIsExact() throws {
        let q = try qwen()
        let plain = try Self.plain.get()
        var nfcEncoder = q.tokenizer.makeEncoder(), plainEncoder = plain.makeEncoder()
        var rng = SplitMix64(seed: 35)
        var changed = 0
        for _ in 0..<4000 {
            let s = Self.text(&rng)
            let bytes = Array(s.utf8)
            let normalized = Self.nfcBetweenSpecials(s, q.addedTokens)
            if normalized != bytes { changed += 1 }
            var ids: [Int32] = [], expected: [Int32] = [], raw: [Int32] = []
            try nfcEncoder.encode(bytes, specials: true, into: &ids)
            try plainEncoder.encode(normalized, specials: true, into: &expected)
            try plainEncoder.encode(bytes, specials: true, into: &raw)
            #expect(ids == expected, "\(s.debugDescription)")
            #expect(q.tokenizer.decode(ids) == normalized, "\(s.debugDescription)")
            #expect(plain.decode(raw) == bytes, "\(s.debugDescription)")
            #expect(ids.allSatisfy { $0 >= 0 && Int($0) < q.vocabularySize })
        }
        #expect(changed > 300)
    }

    /// NFC is applied between added tokens, never across them, and added tokens are matched
    /// before normalization: `e` + `<|im_end|>` + U+0301 keeps the accent apart.
    @Test func specialsSplitBeforeNFC() throws {
        let tok = try qwen().tokenizer
        let ids = try tok.encode(Array("e<|im_end|>\u{301}".utf8))
        #expect(ids.count == 3 && ids[1] == 248_046)
        #expect(tok.decode(ids) == Array("e<|im_end|>\u{301}".utf8))
        #expect(try tok.encode(Array("e\u{301}".utf8)) == tok.encode(Array("\u{E9}".utf8)))
    }

    /// LV syllable + T jamo composes (U+AC00 U+11A8 → U+AC01 각): ids from HF `tokenizers` 0.23.3
    /// on the kit's tokenizer.json (`encode(s, add_special_tokens=False)`).
    @Test func hangulComposes() throws {
        let tok = try qwen().tokenizer
        #expect(try tok.encode(Array("\u{AC00}\u{11A8}".utf8)) == [149_252])
        #expect(try tok.encode(Array("\u{1100}\u{1161}\u{11A8}".utf8)) == [149_252])
        #expect(try tok.encode(Array("\u{1100}\u{1161}".utf8)) == [19_360])
        #expect(try tok.encode(Array("a\u{301}\u{316}".utf8)) == [1886, 136, 244])
        #expect(try tok.encode(Array("\u{212B}".utf8)) == [169_111])
    }

    /// Invalid UTF-8 is reported at its offset in the input, also when NFC would have run.
    @Test func invalidUTF8OffsetsWithNFC() throws {
        let tok = try qwen().tokenizer
        for (input, offset) in [(Array("e\u{301}".utf8) + [0xFF], 3), ([0x61, 0x80] + Array("e\u{301}".utf8), 1),
                                (Array("abc".utf8) + [0xE4, 0xB8], 3), (Array("<|im_end|>e\u{301}".utf8) + [0xC3], 13)] {
            #expect(throws: TokenizerError.invalidUTF8(offset: offset)) { try tok.encode(input) }
        }
    }
}
