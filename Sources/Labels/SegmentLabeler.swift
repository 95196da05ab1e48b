import ChatTemplate
import Tokenizer

/// Per-worker: rendered segments → `input_ids` and `labels` under one of the official rules.
/// Holds the worker's `TokenEncoder`; the caller's arrays are reused for every record.
public struct SegmentLabeler {
    public let options: LabelOptions
    private var encoder: TokenEncoder
    /// Ids of the template's special tokens, indexed by `TemplateToken.rawValue` (0 unused).
    private let specialIDs: [Int32]
    private let userID: Int32
    private let assistantID: Int32
    /// Per-turn: the label positions of the current record that are -100 because the token
    /// before them belongs to a non-trainable segment (adjacent runs merged); kept between
    /// records for its capacity.
    private var ignored: [Range<Int>] = []

    public init(tokenizer: Tokenizer, options: LabelOptions) {
        self.options = options
        encoder = tokenizer.makeEncoder()
        var ids = [Int32](repeating: -1, count: 8)
        for t in TemplateToken.allCases {
            guard let id = tokenizer.specialTokenID(t.text) else {
                preconditionFailure("tokenizer lacks the special token \(t.text)")
            }
            ids[Int(t.rawValue)] = id
        }
        specialIDs = ids
        userID = ids[Int(TemplateToken.user.rawValue)]
        assistantID = ids[Int(TemplateToken.assistant.rawValue)]
        ignored.reserveCapacity(64)
    }

    /// Replaces `ids` and `labels` with the encoding of `rendered` under `options`.
    /// `rendered` must come from the mode's rendering: `.eachMessage` for per-turn,
    /// `.wholeConversation` for last-turn.
    public mutating func label(_ rendered: RenderedConversation, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        switch options.mode {
        case .perTurn: try perTurnLabels(rendered, ids: &ids, labels: &labels)
        case .lastTurn: try lastTurnLabels(rendered, ids: &ids, labels: &labels)
        }
    }

    /// **Per-turn rule** (the official `process_batch`, `combine: False`). A token is a training
    /// target exactly when the token before it belongs to a message whose role is not system,
    /// user or observation. The ids are `[gMASK] <sop>`, then each message's tokens (each message
    /// tokenized on its own), then a closing `<|user|>`. So an assistant message's own
    /// `<|assistant|>` is not a target; its `\n`, metadata and content are; and so is the first
    /// token after it (the next `<|user|>`/`<|observation|>` or the closing one). Unknown roles
    /// (`tool`) count as trainable, as in the official code. Non-targets are -100; ids and
    /// labels are then cut to `max_input_length + max_output_length + 1`.
    ///
    /// Written as `startPerTurn`, `continuePerTurn` per rendered message and `finishPerTurn`, so
    /// that `ChatRecordEncoder` can stop rendering text at the cut.
    mutating func perTurnLabels(_ rendered: RenderedConversation, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        var turn = startPerTurn(ids: &ids, labels: &labels)
        _ = continuePerTurn(rendered, &turn, ids: &ids)
        try finishPerTurn(turn, ids: &ids, labels: &labels)
    }

    /// The per-turn rule's state between rendered messages.
    struct PerTurn {
        /// Tokens past the cut never influence those before it (each segment is tokenized on
        /// its own), so encoding stops once this many ids exist.
        let stopAt: Int
        /// Segments of the rendered conversation already encoded.
        var segmentsDone = 0
        var failure: TokenizerError?
    }

    /// Empties `ids` and `labels` for a new record.
    mutating func startPerTurn(ids: inout [Int32], labels: inout [Int32]) -> PerTurn {
        ids.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        ignored.removeAll(keepingCapacity: true)
        return PerTurn(stopAt: options.maxLength.map { $0 >= 0 ? $0 : Int.max } ?? Int.max)
    }

    /// Encodes the segments of `rendered` not yet done, noting which label positions the rule
    /// masks. Returns whether more text is wanted: false once the cut is reached or the
    /// tokenizer failed.
    mutating func continuePerTurn(_ rendered: borrowing RenderedConversation, _ turn: inout PerTurn,
                                  ids: inout [Int32]) -> Bool {
        let segments = rendered.segments
        rendered.bytes.withUnsafeBytes { all in
            while turn.failure == nil && turn.segmentsDone < segments.count && ids.count < turn.stopAt {
                let s = segments[turn.segmentsDone]
                turn.segmentsDone += 1
                let first = ids.count
                do throws(TokenizerError) { try encode(s, all, into: &ids) } catch {
                    turn.failure = error
                    return
                }
                // Tokens first..<count are this segment's; the labels of the positions after
                // each of them (first + 1 ... count) are -100 when it is not trainable.
                guard !s.trainable, first < ids.count else { continue }
                if let last = ignored.last, last.upperBound == first + 1 {
                    ignored[ignored.count - 1] = last.lowerBound ..< ids.count + 1
                } else {
                    ignored.append(first + 1 ..< ids.count + 1)
                }
            }
        }
        return turn.failure == nil && ids.count < turn.stopAt
    }

    /// The closing `<|user|>`, the labels and the cut; throws the tokenizer's failure if there
    /// was one. Labels are a copy of the ids with -100 at position 0 (nothing precedes it) and
    /// at the masked positions: one copy per record and a fill per run of masked positions.
    mutating func finishPerTurn(_ turn: PerTurn, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        if let failure = turn.failure { throw RecordError(failure) }
        ids.append(userID)
        labels.append(contentsOf: ids)
        let count = labels.count
        labels.withUnsafeMutableBufferPointer { l in
            l[0] = ignoreIndex
            for run in ignored {
                for i in run.lowerBound ..< Swift.min(run.upperBound, count) { l[i] = ignoreIndex }
            }
        }
        cut(&ids, &labels)
    }

    /// **Last-turn rule** (the official `combine: True` path). The whole conversation is rendered
    /// and tokenized at once; a token is a training target exactly when it comes at least two
    /// positions after the last `<|assistant|>` token (the mask covers every token after that
    /// `<|assistant|>` and is shifted right by one, so the `\n` right after it is not a target).
    /// The closing `<|user|>` appended after the conversation is a target like the tokens before
    /// it. The last `<|assistant|>` is the last token with that id, wherever it came from (the
    /// string inside content counts too). No such token: an error, as the official code raises.
    /// Then the same cut as per-turn.
    mutating func lastTurnLabels(_ rendered: RenderedConversation, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        ids.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        try encodeSegments(rendered, ids: &ids)
        guard let last = ids.lastIndex(of: assistantID) else { throw .noAssistant }
        ids.append(userID)
        for i in ids.indices {
            labels.append(i >= last + 2 ? ids[i] : ignoreIndex)
        }
        cut(&ids, &labels)
    }

    /// Encodes every segment in order, appending to `ids`.
    private mutating func encodeSegments(_ rendered: RenderedConversation, ids: inout [Int32]) throws(RecordError) {
        var failure: TokenizerError?
        rendered.bytes.withUnsafeBytes { all in
            for s in rendered.segments {
                do throws(TokenizerError) { try encode(s, all, into: &ids) } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw RecordError(failure) }
    }

    /// Appends the ids of one segment: a special token's id, or the tokenized text
    /// (`all` is the rendered conversation's bytes).
    @inline(__always)
    private mutating func encode(_ s: Segment, _ all: UnsafeRawBufferPointer, into ids: inout [Int32]) throws(TokenizerError) {
        if let t = s.special {
            ids.append(specialIDs[Int(t.rawValue)])
        } else {
            try encoder.encode(UnsafeRawBufferPointer(rebasing: all[Int(s.start)..<Int(s.end)]), specials: true, into: &ids)
        }
    }

    /// The official `[:max_input_length + max_output_length + 1]` on both arrays.
    private func cut(_ ids: inout [Int32], _ labels: inout [Int32]) {
        guard let max = options.maxLength else { return }
        let keep = max >= 0 ? Swift.min(max, ids.count) : Swift.max(0, ids.count + max)
        ids.removeLast(ids.count - keep)
        labels.removeLast(labels.count - keep)
    }
}
