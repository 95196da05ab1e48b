/// A run of consecutive records, the unit handed to a worker; `sequence` orders batches.
///
/// Memory: `bytes` holds exactly the lines of `records` (with their `\n`s and any blank lines
/// between them), so a batch costs its input size plus 40 bytes per record.
public struct LineBatch: Sendable {
    /// 0, 1, 2, … in input order; the writer puts results back in this order.
    public var sequence: Int
    /// The raw lines; `records` index into it.
    public var bytes: [UInt8]
    /// Records in input order. Blank lines are not records.
    public var records: [LineRecord]
    /// Whitespace-only lines seen in this batch (skipped, as the reference does).
    public var blankLines: Int
    /// Bytes read from the inputs (compressed bytes for zstd) up to the end of this batch,
    /// summed over all inputs: a progress counter that never goes back.
    public var rawBytesRead: Int
    /// Content bytes (decompressed) up to the end of this batch, over all inputs.
    public var contentBytesRead: Int

    /// Calls `body` with each record and its bytes, in order.
    public func forEachRecord(_ body: (LineRecord, UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { raw in
            for r in records {
                // SAFETY: LineReader only creates records with start + count <= bytes.count.
                try body(r, UnsafeRawBufferPointer(rebasing: raw[r.start ..< r.start + r.count]))
            }
        }
    }
}
