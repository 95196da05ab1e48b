import JSONLines
import ZstdStream

/// Every record of the inputs held in memory, so the in-memory stages time the work and not
/// the reading. Bench inputs are meant to be tens to a few hundred MB.
///
/// Layout: `bytes` is the records' bytes back to back (no `\n`, no blank lines); record `i` is
/// `bytes[ends[i - 1] ..< ends[i]]` (`ends[-1]` read as 0). `ends` is non-decreasing and its
/// last value is `bytes.count`; 8 bytes per record. Empty inputs (no record) are left out.
struct RecordStore: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Decompressed JSONL bytes of the inputs (blank lines and `\n`s included): what the
    /// JSONL stages' MB/s count.
    var contentBytes = 0
    /// Bytes read from the inputs (compressed size for zstd).
    var rawBytes = 0

    var count: Int { ends.count }

    static func load(_ inputs: [InputFile]) throws(ZstdStreamError) -> RecordStore {
        var s = RecordStore()
        let reader = LineReader(inputs: inputs)
        while let batch = try reader.nextBatch() {
            batch.forEachRecord { record, raw in
                guard record.kind != .emptyInput else { return }
                s.bytes.append(contentsOf: raw)
                s.ends.append(s.bytes.count)
            }
            s.contentBytes = batch.contentBytesRead
            s.rawBytes = batch.rawBytesRead
        }
        return s
    }

    /// The records cut into contiguous ranges of at least `bytes` bytes each (the last may be
    /// shorter), in order; empty for an empty store.
    func slices(ofAtLeast bytes: Int) -> [Range<Int>] {
        var slices: [Range<Int>] = []
        var start = 0, startByte = 0
        for i in 0 ..< count where ends[i] - startByte >= bytes || i == count - 1 {
            slices.append(start ..< i + 1)
            start = i + 1
            startByte = ends[i]
        }
        return slices
    }

    /// Calls `body` with each record of `range`, in order.
    func forEach(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            var start = range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1]
            for i in range {
                // SAFETY: ends is non-decreasing and ends.last == bytes.count (built by load).
                body(UnsafeRawBufferPointer(rebasing: all[start ..< ends[i]]))
                start = ends[i]
            }
        }
    }
}
