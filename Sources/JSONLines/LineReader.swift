#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ZstdStream

/// Cuts the concatenation of all inputs into `LineBatch`es of whole lines, in order.
///
/// One working buffer is reused for the whole job: `ByteSource` decompresses straight into its
/// free space, `memchr` finds the `\n`s, and a batch is cut once `batchBytes` of complete lines
/// are in (or `batchRecords` records). The cut copies those lines out into the batch; the
/// partial line after them moves to the front of the buffer. A line longer than the buffer
/// grows it (doubling) up to `maxRecordBytes`; a longer line becomes a `.tooLong` record and
/// the rest of it is read and dropped until its `\n`, so even `/dev/zero` needs a bounded
/// buffer. Ordinary input needs `batchBytes + readSize` bytes of buffer. Only one input is open at a time.
/// Invariant between calls: `buffer[0 ..< used]` is the unconsumed rest of the current input.
///
/// Not thread-safe: the pipeline calls `nextBatch()` from its reader thread only.
public final class LineReader {
    public let inputs: [InputFile]
    /// What is read, in order: whole inputs, or parts of them for a shard (`ShardPlan`).
    public let pieces: [InputPiece]
    public let batchBytes: Int
    public let batchRecords: Int
    public let readSize: Int
    /// Longest line kept, in bytes (without its `\n`); longer ones are `.tooLong` records.
    public let maxRecordBytes: Int

    /// The working buffer: `buffer[0 ..< used]` is filled; complete lines end before `lineStart`.
    private var buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private var lineStart = 0

    private var current: ByteSource?
    private var nextPiece = 0
    /// Index of the input `current` reads.
    private var currentInput = -1
    /// 1-based number of the line that starts at `lineStart`.
    private var lineNumber = 1
    /// Content offset (in the current input) of the byte at `lineStart`.
    private var lineOffset = 0
    /// Raw bytes of inputs already closed (the open one adds `current.rawBytesConsumed`).
    private var rawBytesClosed = 0
    private var contentBytesClosed = 0
    private var sequence = 0
    private var finished = false
    /// The current input has just started and its first bytes are not yet checked for a UTF-8
    /// byte order mark (EF BB BF), which is skipped: it is not part of line 1's JSON.
    private var checkBOM = false
    /// Dropping the rest of a `.tooLong` line: bytes up to the next `\n` are discarded.
    private var skippingLine = false

    /// - Parameters:
    ///   - batchBytes: cut a batch once this many bytes of complete lines are buffered.
    ///     1 MiB default: enough records (~300 chat records of dev size) that per-batch costs
    ///     vanish, small enough that 2 × workers batches in flight stay far below 100 MB.
    ///   - batchRecords: cut a batch at this many records even if it is smaller.
    ///   - readSize: bytes asked of the source per read.
    ///   - pieces: the parts of `inputs` to read (records keep the input's index, true line
    ///     numbers and byte offsets); nil reads every input whole.
    ///   - maxRecordBytes: longest line kept (1 GiB default).
    public init(inputs: [InputFile], pieces: [InputPiece]? = nil, batchBytes: Int = 1 << 20, batchRecords: Int = 8192, readSize: Int = 256 << 10,
                maxRecordBytes: Int = 1 << 30) {
        precondition(batchBytes >= 1 && batchRecords >= 1 && readSize >= 1 && maxRecordBytes >= 1)
        self.inputs = inputs
        self.pieces = pieces ?? inputs.indices.map { InputPiece(input: $0) }
        self.maxRecordBytes = maxRecordBytes
        self.batchBytes = batchBytes
        self.batchRecords = batchRecords
        self.readSize = readSize
        buffer = .allocate(byteCount: batchBytes + readSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next batch, or nil after the last one. A batch may hold no records (only blank
    /// lines). Errors (missing file, corrupt zstd) name the path; after one, stop calling.
    public func nextBatch() throws(ZstdStreamError) -> LineBatch? {
        if finished { return nil }
        var records: [LineRecord] = []
        var blank = 0
        // The carried tail is normally one partial line, but holds more when the last batch was
        // cut at `batchRecords` in the middle of a read.
        scanLines(from: 0, to: used, &records, &blank)
        while records.count < batchRecords && lineStart < batchBytes {
            if current == nil {
                guard nextPiece < pieces.count else { finished = true; break }
                let piece = pieces[nextPiece]
                nextPiece += 1
                currentInput = piece.input
                let path = inputs[currentInput].path
                if let range = piece.byteRange {
                    current = try ByteSource(path: path, plainRange: range)
                    lineOffset = range.lowerBound
                } else {
                    current = try ByteSource(path: path)
                    lineOffset = 0
                }
                lineNumber = piece.firstLine
                // A BOM can only stand at a file's first byte.
                checkBOM = lineOffset == 0
            }
            let source = current!
            if buffer.count - used < readSize {
                // Records already cut point into the buffer, so rather than compacting, ship
                // them; only a single partial line that has outgrown the buffer makes it grow.
                if lineStart > 0 { break }
                if used > maxRecordBytes {
                    // The line has outgrown the limit: record it as a reject, drop what is
                    // buffered, and drop the rest of it as it is read.
                    records.append(LineRecord(start: 0, count: 0, line: lineNumber, byteOffset: lineOffset, input: Int32(currentInput), kind: .tooLong))
                    lineOffset += used
                    used = 0
                    skippingLine = true
                    // Ship the reject now; the skipping continues in the next call.
                    break
                } else {
                    // Capped so that a line just over the limit is detected without doubling past it.
                    grow(to: min(max(buffer.count * 2, used + readSize), maxRecordBytes + readSize + 1))
                }
            }
            assert(used + readSize <= buffer.count, "LineReader: no room for a read")
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[used ..< used + readSize]))
            assert(n >= 0 && n <= readSize, "LineReader: source returned \(n) of \(readSize) bytes")
            if n == 0 {
                endOfInput(source, &records, &blank)
                continue
            }
            if skippingLine {
                // SAFETY: used ..< used + n was just filled.
                guard let hit = memchr(buffer.baseAddress! + used, 0x0A, n) else {
                    lineOffset += n
                    // Return (an empty batch, perhaps) after each read so that the job can
                    // report progress and stop on Ctrl-C while an endless line streams by.
                    break
                }
                let k = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress! + used)
                assert(k >= 0 && k < n)
                skippingLine = false
                lineOffset += k + 1
                lineNumber += 1
                let rest = n - (k + 1)
                // SAFETY: the rest lies inside the bytes just read; copyMemory allows overlap.
                if rest > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + used + k + 1, byteCount: rest) }
                used = rest
                scanLines(from: 0, to: used, &records, &blank)
                continue
            }
            let scanFrom = used
            used += n
            if checkBOM { skipByteOrderMark(atEnd: false) }
            scanLines(from: scanFrom, to: used, &records, &blank)
        }
        if finished && records.isEmpty && blank == 0 { return nil }
        let batch = LineBatch(
            sequence: sequence,
            bytes: Array(UnsafeRawBufferPointer(rebasing: buffer[0 ..< lineStart])),
            records: records,
            blankLines: blank,
            rawBytesRead: rawBytesClosed + (current?.rawBytesConsumed ?? 0),
            contentBytesRead: contentBytesClosed + (current?.bytesProduced ?? 0)
        )
        sequence += 1
        // Move the unscanned rest (usually one partial line) to the front of the buffer.
        let tail = used - lineStart
        assert(lineStart >= 0 && tail >= 0 && used <= buffer.count, "LineReader: lineStart \(lineStart), used \(used), capacity \(buffer.count)")
        // SAFETY: lineStart <= used <= buffer.count; copyMemory allows overlap (memmove).
        if tail > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + lineStart, byteCount: tail) }
        used = tail
        lineStart = 0
        return batch
    }

    /// Records each `\n`-terminated line in `buffer[from ..< to]` (the line may have begun earlier).
    private func scanLines(from: Int, to: Int, _ records: inout [LineRecord], _ blank: inout Int) {
        let base = buffer.baseAddress!
        var p = from
        assert(from >= 0 && from <= to && to <= buffer.count, "LineReader: scan \(from)..<\(to) outside \(buffer.count)")
        while p < to && records.count < batchRecords {
            // SAFETY: p < to <= buffer.count, so memchr reads inside the buffer.
            guard let hit = memchr(base + p, 0x0A, to - p) else { break }
            let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            addLine(end: end, kind: .line, &records, &blank)
            lineStart = end + 1
            lineOffset += 1
            lineNumber += 1
            p = lineStart
        }
    }

    /// Adds `buffer[lineStart ..< end]` as a record (or counts it blank) and advances `lineOffset`.
    private func addLine(end: Int, kind: LineRecord.Kind, _ records: inout [LineRecord], _ blank: inout Int) {
        let count = end - lineStart
        let kind = count > maxRecordBytes ? .tooLong : kind
        if BlankLine.isBlank(UnsafeRawBufferPointer(rebasing: buffer[lineStart ..< end])) {
            blank += 1
        } else {
            records.append(LineRecord(start: lineStart, count: count, line: lineNumber, byteOffset: lineOffset, input: Int32(currentInput), kind: kind))
        }
        lineOffset += count
    }

    /// Steps over a leading EF BB BF of the current input once 3 bytes are in (or the input
    /// ended). The input's bytes start at `lineStart`: every earlier line is complete. The
    /// skipped bytes stay in the batch but in no record; offsets still count them.
    private func skipByteOrderMark(atEnd: Bool) {
        // Only at the input's first byte: reads of 1 or 2 bytes can cut a first line (`\r\n`)
        // before 3 bytes are in, and then a BOM opening line 2 was skipped (found by FuzzLineReader).
        guard lineOffset == 0 else { checkBOM = false; return }
        let available = used - lineStart
        guard available >= 3 || atEnd else { return }
        checkBOM = false
        let b = UnsafeRawBufferPointer(rebasing: buffer[lineStart ..< used])
        if available >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            lineStart += 3
            lineOffset += 3
        }
    }

    private func endOfInput(_ source: ByteSource, _ records: inout [LineRecord], _ blank: inout Int) {
        if checkBOM { skipByteOrderMark(atEnd: true) }
        skippingLine = false
        if used > lineStart {
            addLine(end: used, kind: .unterminated, &records, &blank)
            lineStart = used
        } else if source.bytesProduced == 0 {
            records.append(LineRecord(start: lineStart, count: 0, line: 1, byteOffset: 0, input: Int32(currentInput), kind: .emptyInput))
        }
        rawBytesClosed += source.rawBytesRead
        contentBytesClosed += source.bytesProduced
        current = nil
    }

    private func grow(to capacity: Int) {
        assert(used <= buffer.count && buffer.count < capacity, "LineReader: grow from \(buffer.count) to \(capacity) with \(used) used")
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        // SAFETY: used <= buffer.count < capacity.
        bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: used)
        buffer.deallocate()
        buffer = bigger
    }
}
