/// Turns one record (the bytes of one JSONL line) into token ids and, for chat, labels.
///
/// The pipeline makes one encoder per worker and reuses it for every record that worker
/// handles, so an encoder may keep scratch buffers and caches between calls; it is never used
/// by two threads at once. `ChatRecordEncoder` and `TextRecordEncoder` (Labels) conform
/// through the adapters in `Encoders.swift`.
public protocol RecordEncoder: SendableMetatype {
    /// True when `encode` fills `labels` (one per id); false for ids-only output (text).
    var producesLabels: Bool { get }

    /// Replaces the contents of `ids` (and `labels`, when `producesLabels`) with the encoding of
    /// `record`, or throws the reason the record is skipped. `record` excludes the `\n`.
    mutating func encode(_ record: UnsafeRawBufferPointer, ids: inout [Int32], labels: inout [Int32]) throws(RecordRejection)

    /// What the length cut removed from the record last encoded (tokens, targets).
    var lastCut: (tokens: Int, targets: Int) { get }

    /// Evaluation rows (`--eval`): the examples of the record last encoded, as (input, output)
    /// lengths; `ids` then holds the inputs back to back and `labels` the outputs. nil for an
    /// encoder of training rows.
    var lastExamples: [(input: Int, output: Int)]? { get }
}

extension RecordEncoder {
    public var lastCut: (tokens: Int, targets: Int) { (0, 0) }
    public var lastExamples: [(input: Int, output: Int)]? { nil }
}

/// Why a record was skipped, in words for `rejects.jsonl` and for `file:line: reason`.
public struct RecordRejection: Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
