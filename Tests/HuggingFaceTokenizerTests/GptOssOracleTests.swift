import Foundation
import HuggingFaceTokenizer
import TestSupport
import Testing
@testable import Tokenizer

/// The gpt-oss kit's tokenizer.json (o200k_harmony), loaded once.
let sharedGptOSS: Result<HuggingFaceTokenizer, any Error> = Result {
    try HuggingFaceTokenizer(path: ModelKit.gptOSS.file("tokenizer.json").path)
}

/// The gpt-oss kit's tokenizer.json against transformers' ids (`text_oracle.jsonl`).
@Suite struct GptOssOracleTests {
    @Test func facts() throws {
        let g = try sharedGptOSS.get()
        #expect(g.pattern == .o200k)
        #expect(g.normalizer == .none)
        #expect(g.tokenizer.mergeableCount == 199_998)
        #expect(g.addedTokens.count == 1090)
        #expect(g.vocabularySize == 201_088)
        for (text, id) in [("<|startoftext|>", 199_998), ("<|endoftext|>", 199_999), ("<|return|>", 200_002),
                           ("<|constrain|>", 200_003), ("<|channel|>", 200_005), ("<|start|>", 200_006),
                           ("<|end|>", 200_007), ("<|message|>", 200_008), ("<|call|>", 200_012),
                           ("<|endofprompt|>", 200_018), ("<|reserved_201087|>", 201_087)] as [(String, Int32)] {
            #expect(g.tokenizer.specialTokenID(text) == id, "\(text)")
        }
        // The HF file holds one name per id: `<|reserved_200018|>` is plain text here.
        #expect(g.tokenizer.specialTokenID("<|reserved_200018|>") == nil)
    }

    /// Every row's `input_ids` (HF) with special tokens on; the two rows where tiktoken maps
    /// `<|reserved_200018|>` to 200018 too follow `input_ids`.
    @Test func everyOracleRow() throws {
        let tok = try sharedGptOSS.get().tokenizer
        let rows = try ModelKit.gptOSS.jsonLines("text_oracle.jsonl").map { $0 as! [String: Any] }
        #expect(rows.count == 3594)
        #expect(rows.filter { $0["tiktoken_ids"] != nil }.count == 2)
        var encoder = tok.makeEncoder()
        var bad = 0
        for (k, row) in rows.enumerated() {
            let text = Array((row["text"] as! String).utf8)
            let want = (row["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }
            var ids: [Int32] = []
            try encoder.encode(text, specials: true, into: &ids)
            if ids != want {
                bad += 1
                if bad <= 10 { Issue.record("text_oracle.jsonl line \(k + 1): \((row["text"] as! String).debugDescription): got \(ids), expected \(want)") }
            }
            #expect(tok.decode(ids) == text)
        }
        #expect(bad == 0)
    }

    /// The vocabulary is clean: every mergeable token encodes to itself (no unreachable ones).
    @Test func everyTokenEncodesToItself() throws {
        let g = try sharedGptOSS.get()
        #expect(g.unreachableTokens.isEmpty)
    }

    /// Pieces that tell o200k from cl100k (the kit README's list).
    @Test(arguments: [
        ("CamelCaseHTTPServer", ["Camel", "Case", "HTTPServer"]),
        ("don't I'M", ["don't", " I'M"]),
        ("a/b//c", ["a", "/b", "//", "c"]),
        ("12345", ["123", "45"]),
        ("x!/\n/y", ["x", "!/\n/", "y"]),
        ("e\u{301}t\u{301}e\u{301}", ["e\u{301}t\u{301}e\u{301}"]),
        ("\u{301}AB", ["\u{301}", "AB"]),
        ("  hello", [" ", " hello"]),
    ])
    func pieces(_ text: String, _ want: [String]) throws {
        let tok = try sharedGptOSS.get().tokenizer
        let bytes = Array(text.utf8)
        let got = try tok.pieces(bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(got == want)
    }
}
