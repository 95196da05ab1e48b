import TestSupport

/// Random valid UTF-8 text mixing what the pre-tokenizer treats differently: ASCII words,
/// contractions, digits, punctuation, white-space runs with CR/LF, Unicode spaces (U+00A0,
/// U+2028, U+0085, U+3000), CJK, Cyrillic, Arabic, combining marks, emoji and ZWJ sequences,
/// and special-token strings.
enum RandomText {
    static let fragments: [String] = [
        "the", " the", "The", "ing", "hello", "World", "x", "a", "I", "don", "'s", "'S", "'t", "'re", "'ve", "'m", "'ll", "'d",
        "'\u{17F}", "'", "\"", "0", "7", "12", "2024", "3.14", "\u{0661}\u{0662}", "\u{00BD}", "\u{2167}",
        " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n ", "\u{A0}", "\u{2028}", "\u{85}", "\u{3000}", "\u{200B}",
        ".", ",", "!", "?", "...", "(", ")", "{", "}", "<", ">", "|", "[", "]", "#", "$", "%", "&", "*", "-", "_", "=", "+", "/", "\\",
        "\u{65E5}\u{672C}", "\u{8A9E}", "\u{4E2D}\u{6587}\u{6D4B}\u{8BD5}", "\u{3053}\u{3093}", "\u{30C6}\u{30B9}\u{30C8}",
        "\u{041F}\u{0440}\u{0438}", "\u{0432}\u{0435}\u{0442}", "\u{0645}\u{0631}\u{062D}", "\u{05E9}\u{05DC}",
        "e\u{301}", "\u{301}", "\u{308}\u{308}", "\u{1F600}", "\u{1F468}\u{200D}\u{1F469}", "\u{1F1FA}\u{1F1F8}", "\u{FE0F}",
        "\u{10FFFF}", "\u{E000}", "\u{FFFD}", "\u{0}", "\u{1}", "\u{7F}", "\u{105C0}", "\u{2EBF0}",
        "<|user|>", "<|assistant|>", "<|endoftext|>", "[gMASK]", "<sop>", "<|system|", "[MASK",
    ]

    static func string(_ rng: inout SplitMix64, maxFragments: Int = 12) -> [UInt8] {
        var out: [UInt8] = []
        let count = Int.random(in: 0...maxFragments, using: &rng)
        for _ in 0..<count {
            if Int.random(in: 0..<8, using: &rng) == 0 {
                // A random scalar value from anywhere (not a surrogate).
                var v = UInt32.random(in: 0...0x10FFFF, using: &rng)
                if (0xD800...0xDFFF).contains(v) { v = 0x41 }
                out += Array(String(Unicode.Scalar(v)!).utf8)
            } else {
                out += Array(fragments.randomElement(using: &rng)!.utf8)
            }
        }
        return out
    }

    /// A long single-script run (one long pre-tokenizer piece), to exercise the long-piece merge.
    static func longRun(_ rng: inout SplitMix64) -> [UInt8] {
        let alphabets: [[String]] = [
            ["\u{4E2D}", "\u{6587}", "\u{6D4B}", "\u{8BD5}", "\u{7684}", "\u{662F}", "\u{5728}", "\u{6211}"],
            ["a", "b", "c", "q", "x", "z", "e", "t"],
            [" ", " ", "\t", " "],
            ["\u{1F600}", "\u{1F601}", "\u{2764}"],
            ["1", "2", "\u{0661}"],
        ]
        let alphabet = alphabets.randomElement(using: &rng)!
        let n = Int.random(in: 100...250, using: &rng)
        return (0..<n).flatMap { _ in Array(alphabet.randomElement(using: &rng)!.utf8) }
    }
}
