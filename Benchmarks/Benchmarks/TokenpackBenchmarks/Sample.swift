import ChatTemplate
import Foundation
import JSONLines
import JSONScanner
import Labels
import Tokenizer

/// The bundled sample (`../samples/chat.jsonl.zst` from this package: 496 dev conversations,
/// 904,005 bytes of JSONL) loaded once, with what each stage needs prepared from it.
struct Sample: @unchecked Sendable {
    static let packageDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let path = packageDirectory.appendingPathComponent("../samples/chat.jsonl.zst").standardized.path
    static let inputs = [InputFile(path: path, size: InputFile.fileSize(path))]

    let tokenizer: Tokenizer
    /// Every record's bytes.
    let records: [[UInt8]]
    /// Decompressed JSONL bytes (the MB of one iteration of the JSONL benchmarks).
    let contentBytes: Int
    /// The text segments the per-turn encoder tokenizes, repeated until they hold at least
    /// `tokenizeBytes`: one `tokenize` iteration, so its malloc count is per MB.
    let tokenizeText: [[UInt8]]
    static let tokenizeBytes = 1_000_000
    /// Per record, what `ChatRecordEncoder` (per-turn, default cut) hands the tokenizer: its
    /// segments in order, text as bytes and a special token as nil; the record stops at the
    /// segment that reaches the cut, as the encoder does. For `tokenize-chat`.
    let chatSegments: [[[UInt8]?]]
    /// The encoded ids and labels of every record, for `write`.
    let ids: [[Int32]]
    let labels: [[Int32]]

    /// GLM-4's chat template over this tokenizer's special tokens.
    let template: GLM4Template

    init(tokenizer: Tokenizer) throws {
        self.tokenizer = tokenizer
        let template = try GLM4Template(SpecialTokenLookup { tokenizer.specialTokenID($0) })
        self.template = template
        var records: [[UInt8]] = []
        var content = 0
        let reader = LineReader(inputs: Self.inputs)
        while let batch = try reader.nextBatch() {
            batch.forEachRecord { _, raw in records.append(Array(raw)) }
            content = batch.contentBytesRead
        }
        self.records = records
        contentBytes = content

        var segments: [[UInt8]] = []
        var chatSegments: [[[UInt8]?]] = []
        var tape = JSONTape()
        var rendered = RenderedConversation()
        var probe = tokenizer.makeEncoder()
        let cut = LabelOptions().maxLength!
        for r in records {
            try r.withUnsafeBytes { raw in
                try tape.parse(raw)
                try template.render(tape, record: raw, mode: .perTurn, into: &rendered)
            }
            for (i, s) in rendered.segments.enumerated() where s.special == nil { segments.append(Array(rendered.text(i))) }
            var record: [[UInt8]?] = [], ids: [Int32] = []
            for (i, s) in rendered.segments.enumerated() where ids.count < cut {
                if s.special != nil {
                    record.append(nil)
                    ids.append(0)
                } else {
                    let text = Array(rendered.text(i))
                    record.append(text)
                    try probe.encode(text, specials: true, into: &ids)
                }
            }
            chatSegments.append(record)
        }
        self.chatSegments = chatSegments
        var text: [[UInt8]] = [], bytes = 0
        while bytes < Self.tokenizeBytes {
            for s in segments where bytes < Self.tokenizeBytes {
                text.append(s)
                bytes += s.count
            }
        }
        tokenizeText = text

        var encoder = ChatRecordEncoder(tokenizer: tokenizer, template: template, options: LabelOptions())
        var ids: [[Int32]] = [], labels: [[Int32]] = []
        var i: [Int32] = [], l: [Int32] = []
        for r in records {
            try encoder.encode(r, ids: &i, labels: &l)
            ids.append(i)
            labels.append(l)
        }
        self.ids = ids
        self.labels = labels
    }
}
