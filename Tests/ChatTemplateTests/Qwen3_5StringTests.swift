import Testing
import TestSupport
@testable import ChatTemplate

/// The byte-level Python string operations behind Qwen3.5's template, against plain models.
struct Qwen3_5StringTests {
    /// `str.strip()` on the characters Python counts as whitespace and a few it does not.
    @Test func stripMatchesPython() {
        // Python: [c for c in map(chr, range(0x110000)) if c.isspace()]
        let spaces: [Unicode.Scalar] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                                        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                                        0x2028, 0x2029, 0x202F, 0x205F, 0x3000].map { Unicode.Scalar($0)! }
        let others: [Unicode.Scalar] = [0x08, 0x7F, 0x180E, 0x200B, 0x2060, 0xFEFF, 0x1B, 0x2E, 0xC0, 0x100A, 0x3001, 0x2080, 0x1A80]
            .map { Unicode.Scalar($0)! }
        for c in spaces + others {
            let text = Array("\(c)a\(c)b\(c)".utf8)
            let r = text.withUnsafeBytes { pythonStrip($0, 0..<$0.count) }
            let want = spaces.contains(c) ? "a\(c)b" : "\(c)a\(c)b\(c)"
            #expect(String(decoding: text[r], as: UTF8.self) == want, "U+\(String(c.value, radix: 16))")
        }
        let all = Array(String(String.UnicodeScalarView(spaces)).utf8)
        #expect(all.withUnsafeBytes { pythonStrip($0, 0..<$0.count) }.isEmpty)
    }

    /// The 8-byte scan for `</think>`, `\u` and `\/` against substring tests on random bytes.
    @Test func thinkEndScanMatchesSubstringTests() {
        var rng = SplitMix64(seed: 35)
        let alphabet = Array("</think>\\u/ a\n".utf8)
        func contains(_ s: [UInt8], _ w: String) -> Bool {
            let w = Array(w.utf8)
            guard s.count >= w.count else { return false }
            return (0...(s.count - w.count)).contains { Array(s[$0..<($0 + w.count)]) == w }
        }
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 40)
            let s = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let want = contains(s, "</think>") || contains(s, "\\u") || contains(s, "\\/")
            #expect(s.withUnsafeBytes { rawMayHoldThinkEnd($0) } == want, "\(String(decoding: s, as: UTF8.self).debugDescription)")
        }
    }

    /// The README's `</think>` split: reasoning after the last `<think>` before the first
    /// `</think>`, trimmed; content after the last `</think>`, left-stripped of `\n` only.
    @Test(arguments: [
        ("<think>\nplan\n</think>\n\nanswer", "plan", "answer"),
        ("a</think>b</think>\n\n c", "a", " c"),
        ("x<think>y<think>\n z \n</think>w", "z", "w"),
        ("</think>", "", ""),
        ("no close", nil, nil),
    ] as [(String, String?, String?)])
    func thinkSplit(_ content: String, _ reasoning: String?, _ rest: String?) {
        let b = Array(content.utf8)
        let split = b.withUnsafeBytes { splitThink($0, 0..<$0.count) }
        #expect(split.map { String(decoding: b[$0.reasoning], as: UTF8.self) } == reasoning)
        #expect(split.map { String(decoding: b[$0.content], as: UTF8.self) } == rest)
    }
}
