import Testing
import TestSupport
@testable import Labels

/// `{"text": …}` records against the reference's text mode (`text_multiline_ref.jsonl`).
struct TextRecordEncoderTests {
    @Test func everyMultilineRowMatches() throws {
        let inputs = try Reference.lines(Reference.data("text_multiline.jsonl"))
        let rows = try Reference.rows("text_multiline_ref.jsonl")
        try #require(inputs.count == rows.count && !rows.isEmpty)
        var e = TextRecordEncoder(tokenizer: glm4)
        var ids: [Int32] = []
        for (i, (line, row)) in zip(inputs, rows).enumerated() {
            try line.withUnsafeBytes { try e.encode($0, ids: &ids) }
            #expect(ids == row.inputIDs, "text_multiline.jsonl:\(i + 1)")
        }
    }

    func encode(_ record: String, _ e: inout TextRecordEncoder) throws -> [Int32] {
        var ids: [Int32] = []
        try Array(record.utf8).withUnsafeBytes { try e.encode($0, ids: &ids) }
        return ids
    }

    @Test func keyEODAndSpecials() throws {
        var plain = TextRecordEncoder(tokenizer: glm4)
        #expect(try encode(#"{"id": 3, "text": "a<|user|>b"}"#, &plain) == [64, 151336, 65])
        #expect(try encode(#""a<|user|>b""#, &plain) == [64, 151336, 65])  // a bare string is the text
        var eod = TextRecordEncoder(tokenizer: glm4, textKey: "body", endOfDocument: glm4.specialTokenID("<|endoftext|>"), specials: false)
        let ids = try encode(#"{"text": 1, "body": "a<|user|>b"}"#, &eod)
        #expect(ids.last == 151329)
        #expect(!ids.dropLast().contains { $0 >= 151329 })
        #expect(ids.dropLast() == ArraySlice(try glm4.encode(Array("a<|user|>b".utf8), specials: false)))
        #expect(throws: RecordError.self) { try encode(#"{"text": "x"}"#, &eod) }
        #expect(throws: RecordError.self) { try encode(#"{"body": null}"#, &eod) }
        #expect(throws: RecordError.self) { try encode(#"{"body": "x"#, &eod) }
    }
}
