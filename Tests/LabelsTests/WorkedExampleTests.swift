import Testing
import Tokenizer
@testable import Labels

/// The worked example of the reference README ("Loss-mask rule in words"), row by row:
/// user "Hi", assistant "Hello!", user "Bye", assistant "Bye.".
struct WorkedExampleTests {
    static let record = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Bye"}, {"role": "assistant", "content": "Bye."}]}"#

    static let N: Int32 = ignoreIndex  // "-100" in the README's table

    /// | pos | token | id | label |, as printed in the README.
    static let table: [(pos: Int, token: String, id: Int32, label: Int32)] = [
        (0, "[gMASK]", 151331, N),
        (1, "<sop>", 151333, N),
        (2, "<|user|>", 151336, N),
        (3, "\n", 198, N),
        (4, "Hi", 13041, N),
        (5, "<|assistant|>", 151337, N),
        (6, "\n", 198, 198),
        (7, "Hello", 9703, 9703),
        (8, "!", 0, 0),
        (9, "<|user|>", 151336, 151336),
        (10, "\n", 198, N),
        (11, "By", 1359, N),
        (12, "e", 68, N),
        (13, "<|assistant|>", 151337, N),
        (14, "\n", 198, 198),
        (15, "By", 1359, 1359),
        (16, "e", 68, 68),
        (17, ".", 13, 13),
        (18, "<|user|>", 151336, 151336),  // closing
    ]

    @Test func perTurnMatchesTheTable() throws {
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions())
        var ids: [Int32] = [], labels: [Int32] = []
        try e.encode(Array(Self.record.utf8), ids: &ids, labels: &labels)
        try #require(ids.count == Self.table.count)
        for row in Self.table {
            #expect(ids[row.pos] == row.id, "position \(row.pos)")
            #expect(labels[row.pos] == row.label, "position \(row.pos)")
            let text = glm4.tokenBytes(ids[row.pos]).map { String(decoding: $0, as: UTF8.self) }
            #expect(text == row.token, "position \(row.pos) decodes to \(row.token)")
        }
    }

    /// README, `--combine`: "labels are -100 up to position 14; positions 15-18 are targets".
    @Test func lastTurnTargetsOnlyTheFinalAnswer() throws {
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions(mode: .lastTurn))
        var ids: [Int32] = [], labels: [Int32] = []
        try e.encode(Array(Self.record.utf8), ids: &ids, labels: &labels)
        #expect(ids == Self.table.map(\.id))
        #expect(labels == Self.table.map { $0.pos >= 15 ? $0.id : ignoreIndex })
    }
}
