import ChatTemplate
import JSONScanner
import Tokenizer

/// Per-worker: one JSONL chat record → input_ids and labels (labels[i] is ids[i] or -100, as
/// the family's label rule says), for any family's template.
///
/// Parse (`JSONTape`), render (the template), tokenize and label (`SegmentLabeler`); every
/// buffer is kept between records, so a warmed-up encoder allocates nothing per record.
public struct ChatRecordEncoder {
    private var tape = JSONTape()
    private var rendered = RenderedConversation()
    private var labeler: SegmentLabeler
    public let template: any ConversationTemplate

    public init(tokenizer: Tokenizer, template: any ConversationTemplate, options: LabelOptions) {
        self.template = template
        labeler = SegmentLabeler(tokenizer: tokenizer, rule: template.targetRule(options.mode), options: options)
    }

    public var options: LabelOptions { labeler.options }

    /// What the cut removed from the record last encoded.
    public var lastCut: Truncation { labeler.lastCut }

    /// Replaces the contents of `ids` and `labels` (reusing their capacity).
    ///
    /// Each message is tokenized as soon as it is rendered. Tokens past the cut are encoded
    /// too, so that `lastCut` counts what the cut removed: on GLM-4's `dev.jsonl`, 21% of the
    /// tokens lie past its default cut of 1,025.
    public mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        do throws(JSONError) { try tape.parse(record) } catch { throw RecordError(error) }
        var progress = labeler.start(ids: &ids, labels: &labels)
        do throws(TemplateError) {
            try template.render(tape, record: record, mode: labeler.options.mode, into: &rendered) { r in
                labeler.advance(r, &progress, ids: &ids, final: false)
            }
        } catch {
            throw RecordError(error)
        }
        _ = labeler.advance(rendered, &progress, ids: &ids, final: true)
        try labeler.finish(progress, ids: &ids, labels: &labels)
    }

    public mutating func encode(_ record: [UInt8], ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        var failure: RecordError?
        record.withUnsafeBytes { r in
            do throws(RecordError) { try encode(r, ids: &ids, labels: &labels) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
