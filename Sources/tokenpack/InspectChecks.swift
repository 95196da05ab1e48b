import PackedFormat

/// What `inspect` checks before showing sequences, so that a damaged dataset is an error
/// message rather than a trap (each array alone was validated when it was opened).
enum InspectChecks {
    /// Why the labels cannot be shown beside the ids for the sequences in `range`, or nil.
    static func mismatch(ids: PackedReader, labels: PackedReader, range: Range<Int>) -> String? {
        if labels.count != ids.count {
            return "\(labels.idxPath) holds \(labels.count) sequences but \(ids.idxPath) holds \(ids.count)"
        }
        for i in range where labels.length(i) != ids.length(i) {
            return "\(labels.idxPath): sequence \(i) has \(labels.length(i)) labels but \(ids.length(i)) ids"
        }
        return nil
    }
}
