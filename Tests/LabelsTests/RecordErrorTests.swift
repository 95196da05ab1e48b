import Testing
import TestSupport
@testable import Labels

/// Malformed records and the official code's raising cases are errors with a reason and,
/// where there is one, the byte offset of the value at fault.
struct RecordErrorTests {
    static func encode(_ record: String, _ options: LabelOptions = LabelOptions()) throws(RecordError) -> ([Int32], [Int32]) {
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: options)
        var ids: [Int32] = [], labels: [Int32] = []
        try e.encode(Array(record.utf8), ids: &ids, labels: &labels)
        return (ids, labels)
    }

    static func error(_ record: String, _ options: LabelOptions = LabelOptions()) -> RecordError? {
        do { _ = try encode(record, options); return nil } catch { return error }
    }

    static let malformed: [(String, String, Int)] = [
        (#"[1, 2]"#, "not a JSON object", 0),
        (#"{"msgs": []}"#, "no \"messages\"", 0),
        (#"{"messages": {"role": "user"}}"#, "not an array", 13),
        (#"{"messages": [{"role": "user", "content": "a"}, "hi"]}"#, "message 2 is not an object", 48),
        (#"{"messages": [{"content": "a"}]}"#, "message 1 has no string \"role\"", 14),
        (#"{"messages": [{"role": 5, "content": "a"}]}"#, "message 1 has no string \"role\"", 14),
        (#"{"messages": [{"role": "user", "content": ["a"]}]}"#, "\"content\" is not a string", 42),
        (#"{"messages": [{"role": "user", "content": 0}]}"#, "\"content\" is not a string", 42),
        (#"{"messages": [{"role": "system", "tools": null}]}"#, "\"tools\" is not a list", 42),
        (#"{"messages": [{"role": "system", "content": "", "tools": [{"type": "python"}]}]}"#, "function.parameters.properties", 58),
        (#"{"messages": [{"role": "user", "content": "a"}"#, "unexpected end of JSON", 46),
        (#"{"messages": [{"role": "user", "content": "a"},]}"#, "unexpected character ']'", 47),
        ("{\"messages\": [{\"role\": \"user\", \"content\": \"a\tb\"}]}", "control character", 44),
        (#"{"messages": []} x"#, "extra data", 17),
    ]

    @Test(arguments: malformed)
    func malformedRecord(_ record: String, _ reason: String, _ offset: Int) throws {
        let e = try #require(Self.error(record), "\(record) should fail")
        #expect(e.reason.contains(reason), "\(e)")
        #expect(e.byteOffset == offset, "\(e)")
    }

    /// Per-turn encoding renders no text past the cut, but still checks every message: a cut
    /// after one token rejects the same records for the same reasons.
    @Test func errorsPastTheCutStillReject() throws {
        let tiny = LabelOptions(maxInputLength: 0, maxOutputLength: 1)
        for (record, _, _) in Self.malformed {
            #expect(Self.error(record, tiny) == Self.error(record), "\(record)")
        }
        // A long first turn puts the cut inside it; the system message after it lacks
        // `function.parameters.properties`, as the official code requires.
        let long = String(repeating: "word ", count: 3000)
        let record = #"{"messages": [{"role": "user", "content": "\#(long)"}, {"role": "system", "content": "s", "tools": [{"type": "function", "function": {"name": "f"}}]}]}"#
        let e = try #require(Self.error(record))
        #expect(e.reason.contains("function.parameters.properties"), "\(e)")
        #expect(Self.error(record, tiny) == e)
    }

    @Test func invalidUTF8HasItsOffset() throws {
        var bytes = Array(#"{"messages": [{"role": "user", "content": "abc"}]}"#.utf8)
        bytes[43] = 0xFF
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions())
        var ids: [Int32] = [], labels: [Int32] = []
        #expect(throws: RecordError(reason: "invalid JSON at byte 43: invalid UTF-8", byteOffset: 43)) {
            try e.encode(bytes, ids: &ids, labels: &labels)
        }
        bytes[43] = 0xED; bytes[44] = 0xA0; bytes[45] = 0x80  // an encoded surrogate is not UTF-8
        #expect(throws: RecordError.self) { try e.encode(bytes, ids: &ids, labels: &labels) }
    }

    @Test func lastTurnNeedsAnAssistantToken() throws {
        let noAssistant = #"{"messages": [{"role": "user", "content": "a"}, {"role": "observation", "content": "b"}]}"#
        #expect(Self.error(noAssistant, LabelOptions(mode: .lastTurn)) == RecordError(reason: "no <|assistant|> token to train on (last-turn mode; the official combine path raises)"))
        #expect(Self.error(noAssistant) == nil)  // per-turn has no such requirement
        // The token counts wherever it comes from, as in the official code: here the content.
        let inContent = #"{"messages": [{"role": "user", "content": "a<|assistant|>b"}]}"#
        let (ids, labels) = try Self.encode(inContent, LabelOptions(mode: .lastTurn))
        #expect(ids == [151331, 151333, 151336, 198, 64, 151337, 65, 151336])
        #expect(labels == [-100, -100, -100, -100, -100, -100, -100, 151336])
        #expect(Self.error(#"{"messages": []}"#, LabelOptions(mode: .lastTurn)) == RecordError(reason: "no <|assistant|> token to train on (last-turn mode; the official combine path raises)"))
    }

    @Test func emptyConversationIsJustTheFrame() throws {
        let (ids, labels) = try Self.encode(#"{"messages": []}"#)
        #expect(ids == [151331, 151333, 151336])
        #expect(labels == [-100, -100, -100])
    }

    @Test func unknownKeysAreIgnored() throws {
        let plain = try Self.encode(#"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}"#)
        let extra = try Self.encode(#"{"id": 1, "messages": [{"role": "user", "x": [1, {"y": null}], "content": "Hi"}, {"role": "assistant", "content": "Yo", "weight": 0.5}], "source": "z"}"#)
        #expect(plain.0 == extra.0 && plain.1 == extra.1)
    }
}

/// Truncation is the official `[:max_input_length + max_output_length + 1]` on the untruncated
/// reference rows (a property over every row of `dev_ref_nolimit.jsonl`).
struct TruncationTests {
    @Test(arguments: [(0, 0), (1, 0), (10, 5), (100, 300), (512, 512), (-3, 1), (-10, -10)])
    func cutIsAPrefixOfTheUntruncatedRow(_ maxIn: Int, _ maxOut: Int) throws {
        let inputs = try Reference.lines(Reference.data("dev.jsonl"))
        let rows = try Reference.rows("dev_ref_nolimit.jsonl")
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions(maxInputLength: maxIn, maxOutputLength: maxOut))
        var ids: [Int32] = [], labels: [Int32] = []
        for (line, row) in zip(inputs, rows).prefix(120) {
            try e.encode(line, ids: &ids, labels: &labels)
            let m = maxIn + maxOut + 1
            let keep = m >= 0 ? min(m, row.inputIDs.count) : max(0, row.inputIDs.count + m)  // Python slice
            #expect(ids == Array(row.inputIDs.prefix(keep)))
            #expect(labels == Array(row.labels!.prefix(keep)))
        }
    }

    @Test func noTruncateKeepsEverything() throws {
        let inputs = try Reference.lines(Reference.data("dev_edge.jsonl"))
        let rows = try Reference.rows("dev_edge_ref_nolimit.jsonl")
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions(maxInputLength: 1, maxOutputLength: 1, truncate: false))
        var ids: [Int32] = [], labels: [Int32] = []
        var long = 0
        for (line, row) in zip(inputs, rows) where row.error == nil {
            try e.encode(line, ids: &ids, labels: &labels)
            #expect(ids == row.inputIDs && labels == row.labels!)
            if ids.count > 1025 { long += 1 }
        }
        #expect(long > 0)
    }
}

@Suite struct RecordErrorDescriptionTests {
    /// A JSON error already says where; the offset is not repeated.
    @Test func theByteOffsetIsStatedOnce() {
        #expect(RecordError(reason: "invalid JSON at byte 17: unexpected character '}'", byteOffset: 17).description
            == "invalid JSON at byte 17: unexpected character '}'")
        #expect(RecordError(reason: "role is not a string", byteOffset: 15).description == "role is not a string (byte 15)")
    }
}
