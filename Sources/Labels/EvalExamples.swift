import ChatTemplate
import JSONScanner
import Tokenizer

/// Per-worker: one chat record → evaluation examples, one per model turn: the prompt so far
/// through the turn's generation header as input, the answer through its end of turn as output
/// (GLM-4's official `process_batch_eval`; for other families the same meaning).
///
/// The record is encoded with the family's per-turn rule and no cut, and each model turn is
/// found in it (`TurnGrammar`): its header is its tokens before its first target, its answer the
/// tokens from there to its last target, then the family's `answerEnd` if it has one (GLM-4's
/// `<|user|>`). With `maxInputLength`, the official cuts apply: input = prompt[:max_input_length]
/// + header, output = answer[:max_output_length], and no example is made from a turn that
/// starts at or after max_input_length tokens (the official loop stops there).
public struct EvalRecordEncoder {
    private var tape = JSONTape()
    private var rendered = RenderedConversation()
    private var labeler: SegmentLabeler
    private let tokenizer: Tokenizer
    public let template: any ConversationTemplate
    public let grammar: TurnGrammar
    public let mode: LabelMode
    public let maxInputLength: Int?
    public let maxOutputLength: Int?
    private var ids: [Int32] = []
    private var labels: [Int32] = []
    /// Token count after each rendered message (then after the closing token).
    private var bounds: [Int] = []
    /// The examples of the record last encoded: input and output lengths, in order.
    public private(set) var examples: [(input: Int, output: Int)] = []

    public init(tokenizer: Tokenizer, template: any ConversationTemplate, grammar: TurnGrammar, mode: LabelMode,
                maxInputLength: Int?, maxOutputLength: Int?) {
        self.tokenizer = tokenizer
        self.template = template
        self.grammar = grammar
        self.mode = mode
        self.maxInputLength = maxInputLength
        self.maxOutputLength = maxOutputLength
        let whole = mode == .lastTurn && grammar.lastTurnEval == .wholeConversationPlusFirstToken
        let m: LabelMode = whole ? .lastTurn : .perTurn
        labeler = SegmentLabeler(tokenizer: tokenizer, rule: template.targetRule(m), options: LabelOptions(mode: m, maxLength: nil))
    }

    /// Replaces `inputs` and `outputs` with the examples' tokens back to back (`examples` gives
    /// the lengths).
    public mutating func encode(_ record: UnsafeRawBufferPointer, inputs: inout [Int32], outputs: inout [Int32]) throws(RecordError) {
        do throws(JSONError) { try tape.parse(record) } catch { throw RecordError(error) }
        bounds.removeAll(keepingCapacity: true)
        var progress = labeler.start(ids: &ids, labels: &labels)
        do throws(TemplateError) {
            try template.render(tape, record: record, mode: labeler.options.mode, into: &rendered) { r in
                let more = labeler.advance(r, &progress, ids: &ids, final: false)
                bounds.append(ids.count)
                return more
            }
        } catch {
            throw RecordError(error)
        }
        _ = labeler.advance(rendered, &progress, ids: &ids, final: true)
        try labeler.finish(progress, ids: &ids, labels: &labels)
        inputs.removeAll(keepingCapacity: true)
        outputs.removeAll(keepingCapacity: true)
        examples.removeAll(keepingCapacity: true)
        if labeler.options.mode == .lastTurn {
            wholeConversationExample(&inputs, &outputs)
            return
        }
        var turns: [(start: Int, end: Int, model: Bool)] = []
        let roles = messageRoles(record)
        if grammar.messagesRenderAlone, roles.count + 1 == bounds.count {
            for (k, role) in roles.enumerated() {
                var start = k == 0 ? 0 : bounds[k - 1]
                if k == 0 { while start < bounds[0] && grammar.openers[ids[start]] == nil { start += 1 } }
                turns.append((start, bounds[k], grammar.isModelRole(role)))
            }
        } else {
            ids.withUnsafeBufferPointer { x in
                for t in grammar.turns(x, tokenizer: tokenizer) where t.opener != nil {
                    turns.append((t.start, t.end, grammar.isModelRole(t.role)))
                }
            }
        }
        for t in turns {
            if let maxIn = maxInputLength, t.start >= maxIn { break }
            guard t.model else { continue }
            var h = t.start + 1
            while h < t.end && labels[h] == ignoreIndex { h += 1 }
            h = min(h, t.end)
            var e = t.end
            while e > h && labels[e - 1] == ignoreIndex { e -= 1 }
            append(prompt: 0 ..< t.start, header: t.start ..< h, answer: h ..< e, &inputs, &outputs)
        }
        if mode == .lastTurn, let last = examples.last {
            // The last example alone.
            let inAt = inputs.count - last.input, outAt = outputs.count - last.output
            inputs.removeFirst(inAt)
            outputs.removeFirst(outAt)
            examples = [last]
        }
    }

    private mutating func append(prompt: Range<Int>, header: Range<Int>, answer: Range<Int>, _ inputs: inout [Int32], _ outputs: inout [Int32]) {
        let i0 = inputs.count, o0 = outputs.count
        inputs += ids[prompt.lowerBound ..< prompt.lowerBound + min(prompt.count, maxInputLength ?? Int.max)]
        inputs += ids[header]
        outputs += ids[answer]
        if let end = grammar.answerEnd { outputs.append(end) }
        if let maxOut = maxOutputLength, outputs.count - o0 > maxOut { outputs.removeLast(outputs.count - o0 - maxOut) }
        examples.append((inputs.count - i0, outputs.count - o0))
    }

    /// GLM-4's official `combine: True` eval: input = the whole rendered conversation cut to
    /// max_input_length, plus its first token; output = everything from the last model opener,
    /// plus `answerEnd`, cut to max_output_length.
    private mutating func wholeConversationExample(_ inputs: inout [Int32], _ outputs: inout [Int32]) {
        var n = ids.count
        if let end = grammar.answerEnd, n > 0, ids[n - 1] == end { n -= 1 }
        let model = Set(grammar.openers.compactMap { id, o in if case .role(let r) = o, grammar.isModelRole(r) { return id } else { return nil } })
        guard n > 0, let last = ids[..<n].lastIndex(where: { model.contains($0) }) else { return }
        inputs += ids[0 ..< min(n, maxInputLength ?? Int.max)]
        inputs.append(ids[0])
        outputs += ids[last ..< n]
        if let end = grammar.answerEnd { outputs.append(end) }
        if let maxOut = maxOutputLength, outputs.count > maxOut { outputs.removeLast(outputs.count - maxOut) }
        examples.append((inputs.count, outputs.count))
    }

    /// The `role` of each message, as written (empty when missing or not a string).
    private func messageRoles(_ record: UnsafeRawBufferPointer) -> [String] {
        guard tape.count > 0, let m = tape.member(0, "messages", in: record), tape[m].kind == .array else { return [] }
        var roles: [String] = []
        for e in tape.elements(m) {
            var bytes: [UInt8] = []
            if tape[e].kind == .object, let r = tape.member(e, "role", in: record), tape[r].kind == .string {
                tape.appendString(r, in: record, to: &bytes)
            }
            roles.append(String(decoding: bytes, as: UTF8.self))
        }
        return roles
    }
}
