/// A worker's result for one `LineBatch`, waiting to be written in sequence order.
///
/// Layout: the ids of all encoded records back to back; `lengths[k]` is the token count of the
/// batch's k-th encoded record, so record k is `ids[sum(lengths[..<k]) ..< +lengths[k]]`.
/// `labels` is parallel to `ids` (same count) for chat and empty for text. 4 bytes per token
/// per array, 8 per record.
struct EncodedBatch: Sendable {
    var sequence: Int
    var ids: [Int32] = []
    var labels: [Int32] = []
    var lengths: [Int] = []
    /// Skipped records in input order.
    var rejects: [Reject] = []
    /// Labels that are not -100.
    var targetTokens = 0
    /// Records the length cut shortened, the tokens and targets it removed, and records kept
    /// with no target at all (chat only).
    var truncatedRecords = 0
    var truncatedTokens = 0
    var truncatedTargets = 0
    var zeroTargetRecords = 0
    /// `--eval`: (input, output) lengths of every example, and how many each record has
    /// (`lengths` then holds each record's input tokens, `labels` the outputs).
    var examples: [(input: Int, output: Int)] = []
    var examplesPerRecord: [Int] = []
    var blankLines = 0
    var rawBytesRead = 0
    var contentBytesRead = 0

    struct Reject: Sendable {
        var input: Int32
        var line: Int
        var reason: String
    }

    init(sequence: Int) { self.sequence = sequence }
}
