import Foundation
import TestSupport
import Testing
import Tokenizer

/// The reference kit's tokenizer-only parity files, reproduced exactly.
@Suite struct ParityTests {
    /// `text.txt`: one sample per line without its `\n` (and without a trailing `\r`), as
    /// `glm4_reference.py:iter_text_samples` reads it.
    @Test func textRef() throws {
        let tok = try glm4()
        var samples = try Reference.lines(Reference.data("text.txt"))
        samples = samples.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 }
        let rows = try Reference.rows("text_ref.jsonl")
        #expect(samples.count == rows.count)
        #expect(rows.count == 318)
        var encoder = tok.makeEncoder()
        for (k, (sample, row)) in zip(samples, rows).enumerated() {
            var ids: [Int32] = []
            try encoder.encode(sample, specials: true, into: &ids)
            #expect(ids == row.inputIDs, "text.txt line \(k + 1)")
        }
    }

    /// `text_multiline.jsonl`: `{"text": ...}` per line (newlines, CR, U+2028, controls).
    @Test func textMultilineRef() throws {
        let tok = try glm4()
        let samples = try Reference.jsonLines(Reference.data("text_multiline.jsonl")).map {
            Array((($0 as! [String: Any])["text"] as! String).utf8)
        }
        let rows = try Reference.rows("text_multiline_ref.jsonl")
        #expect(samples.count == rows.count)
        #expect(rows.count == 148)
        var encoder = tok.makeEncoder()
        for (k, (sample, row)) in zip(samples, rows).enumerated() {
            var ids: [Int32] = []
            try encoder.encode(sample, specials: true, into: &ids)
            #expect(ids == row.inputIDs, "text_multiline.jsonl line \(k + 1)")
            #expect(tok.decode(ids) == sample, "decode, line \(k + 1)")
        }
    }
}
