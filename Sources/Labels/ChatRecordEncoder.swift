import ChatTemplate
import JSONScanner
import Tokenizer

/// Per-worker: one JSONL chat record → input_ids and labels (labels[i] is ids[i] or -100,
/// already shifted as in the official code: the reference's `labels`).
///
/// Parse (`JSONTape`), render (`ChatTemplate`), tokenize and label (`SegmentLabeler`); every
/// buffer is kept between records, so a warmed-up encoder allocates nothing per record.
public struct ChatRecordEncoder {
    private var tape = JSONTape()
    private var rendered = RenderedConversation()
    private var labeler: SegmentLabeler

    public init(tokenizer: Tokenizer, options: LabelOptions) {
        labeler = SegmentLabeler(tokenizer: tokenizer, options: options)
    }

    public var options: LabelOptions { labeler.options }

    /// Replaces the contents of `ids` and `labels` (reusing their capacity).
    ///
    /// Per-turn mode tokenizes each message as soon as it is rendered and renders no more text
    /// once the cut is reached; the rest of the record is still checked, so a record is
    /// rejected for the same reasons with or without the cut. On `dev.jsonl`, 21% of the
    /// tokens lie past the default cut of 1,025.
    public mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        do throws(JSONError) { try tape.parse(record) } catch { throw RecordError(error) }
        switch labeler.options.mode {
        case .perTurn:
            var turn = labeler.startPerTurn(ids: &ids, labels: &labels)
            do throws(TemplateError) {
                try ChatTemplate.render(tape, record: record, mode: .eachMessage, into: &rendered) { r in
                    labeler.continuePerTurn(r, &turn, ids: &ids)
                }
            } catch {
                throw RecordError(error)
            }
            // Segments after the last call (all of them when there are no messages).
            _ = labeler.continuePerTurn(rendered, &turn, ids: &ids)
            try labeler.finishPerTurn(turn, ids: &ids, labels: &labels)
        case .lastTurn:
            do throws(TemplateError) {
                try ChatTemplate.render(tape, record: record, mode: .wholeConversation, into: &rendered)
            } catch {
                throw RecordError(error)
            }
            try labeler.label(rendered, ids: &ids, labels: &labels)
        }
    }

    public mutating func encode(_ record: [UInt8], ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        var failure: RecordError?
        record.withUnsafeBytes { r in
            do throws(RecordError) { try encode(r, ids: &ids, labels: &labels) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
