import ChatTemplate
import Tokenizer

/// Per-worker: rendered segments → `input_ids` and `labels` under the family's `TargetRule`.
/// Holds the worker's `TokenEncoder`; the caller's arrays are reused for every record.
///
/// Segments are encoded run by run (`RenderedConversation.runEnd`), each run on its own: a
/// special is its id, a text run is tokenized whole. The rule in words lives with each family's
/// template; this type only carries out the two mechanisms of `TargetRule`.
public struct SegmentLabeler {
    public let options: LabelOptions
    public let rule: TargetRule
    private let tokenizer: Tokenizer
    private var encoder: TokenEncoder
    /// `.segments` rules: the label positions of the current record that are -100 (adjacent
    /// runs merged); kept between records for its capacity.
    private var ignored: [Range<Int>] = []
    /// What the cut removed from the last record encoded (zero when it was not cut).
    public private(set) var lastCut = Truncation()

    public init(tokenizer: Tokenizer, rule: TargetRule, options: LabelOptions) {
        self.options = options
        self.rule = rule
        self.tokenizer = tokenizer
        encoder = tokenizer.makeEncoder()
        ignored.reserveCapacity(64)
    }

    /// The state of one record between rendered messages.
    struct Progress {
        /// Runs past the cut never influence those before it (each run is tokenized on its
        /// own), so encoding stops once this many ids exist.
        let stopAt: Int
        /// Segments of the rendered conversation already encoded.
        var segmentsDone = 0
        var failure: TokenizerError?
    }

    /// Empties `ids` and `labels` for a new record.
    mutating func start(ids: inout [Int32], labels: inout [Int32]) -> Progress {
        ids.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        ignored.removeAll(keepingCapacity: true)
        if case .segments(let shift) = rule, shift > 0 { ignored.append(0 ..< shift) }
        lastCut = Truncation()
        // Every token is encoded, past the cut too, so that the tokens and targets the cut
        // removes are counted exactly (a run reports what it lost, not an estimate).
        return Progress(stopAt: Int.max)
    }

    /// Encodes the complete runs of `rendered` not yet done (all of them when `final`; a text
    /// run the template may still extend waits), noting which label positions the rule masks.
    /// Returns whether more text is wanted: false once the cut is reached or the tokenizer failed.
    mutating func advance(_ rendered: borrowing RenderedConversation, _ p: inout Progress,
                          ids: inout [Int32], final: Bool) -> Bool {
        let segments = rendered.segments
        let shift: Int
        switch rule {
        case .segments(let s): shift = s
        case .afterLastToken: shift = -1
        }
        rendered.bytes.withUnsafeBytes { all in
            while p.failure == nil && p.segmentsDone < segments.count && ids.count < p.stopAt {
                let first = p.segmentsDone
                let end = rendered.runEnd(from: first)
                if end == segments.count && !final && !rendered.runIsClosed { return }
                p.segmentsDone = end
                let before = ids.count
                let s = segments[first]
                if s.specialID >= 0 {
                    ids.append(s.specialID)
                } else {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[Int(s.start) ..< Int(segments[end - 1].end)])
                    do throws(TokenizerError) { try encoder.encode(bytes, specials: true, into: &ids) } catch {
                        p.failure = error
                        return
                    }
                }
                guard shift >= 0, before < ids.count else { continue }
                if end == first + 1 || segments[first ..< end].allSatisfy({ $0.trainable == s.trainable }) {
                    if !s.trainable { mask(before + shift ..< ids.count + shift) }
                } else {
                    maskByFirstByte(segments[first ..< end], ids[before...], from: before, shift: shift)
                }
            }
        }
        return p.failure == nil && ids.count < p.stopAt
    }

    /// Labels from the ids and the masked positions, then the cut; throws the tokenizer's
    /// failure if there was one. One copy of the ids per record and a fill per masked run.
    mutating func finish(_ p: Progress, ids: inout [Int32], labels: inout [Int32]) throws(RecordError) {
        if let failure = p.failure { throw RecordError(failure) }
        labels.append(contentsOf: ids)
        let count = labels.count
        switch rule {
        case .segments:
            labels.withUnsafeMutableBufferPointer { l in
                for run in ignored where run.lowerBound < count {
                    for i in run.lowerBound ..< Swift.min(run.upperBound, count) { l[i] = ignoreIndex }
                }
            }
        case .afterLastToken(let id, let distance, let missing):
            guard let last = ids.lastIndex(of: id) else { throw RecordError(reason: missing) }
            labels.withUnsafeMutableBufferPointer { l in
                for i in 0 ..< Swift.min(last + distance, count) { l[i] = ignoreIndex }
            }
        }
        cut(&ids, &labels)
    }

    /// Adds label positions `r` to the masked runs.
    @inline(__always)
    private mutating func mask(_ r: Range<Int>) {
        guard !r.isEmpty else { return }
        if let last = ignored.last, last.upperBound >= r.lowerBound {
            ignored[ignored.count - 1] = last.lowerBound ..< Swift.max(last.upperBound, r.upperBound)
        } else {
            ignored.append(r)
        }
    }

    /// A text run whose segments differ in flag: each token is decided by the segment holding
    /// its first byte. Byte offsets are those of the (normalized) text the tokenizer saw; a
    /// flag change inside a run comes after template text that normalization leaves as it is
    /// (`\n`, ASCII), so the segment boundaries are the same in both.
    private mutating func maskByFirstByte(_ run: ArraySlice<Segment>, _ tokens: ArraySlice<Int32>, from first: Int, shift: Int) {
        var segment = run.startIndex
        let base = Int(run[segment].start)
        var offset = 0
        for (k, id) in zip(first..., tokens) {
            while segment + 1 < run.endIndex && Int(run[segment].end) - base <= offset { segment += 1 }
            if !run[segment].trainable { mask(k + shift ..< k + shift + 1) }
            offset += tokenizer.byteCount(of: id)
        }
    }

    /// `options.maxLength` on both arrays, noting what it removed in `lastCut`.
    private mutating func cut(_ ids: inout [Int32], _ labels: inout [Int32]) {
        guard let max = options.maxLength else { return }
        let keep = max >= 0 ? Swift.min(max, ids.count) : Swift.max(0, ids.count + max)
        guard keep < ids.count else { return }
        var targets = 0
        for l in labels[keep...] where l != ignoreIndex { targets += 1 }
        lastCut = Truncation(tokens: ids.count - keep, targets: targets)
        ids.removeLast(ids.count - keep)
        labels.removeLast(labels.count - keep)
    }
}
