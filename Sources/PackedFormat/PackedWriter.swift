#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one Megatron MMIDIDX v1 int32 `.bin`/`.idx` pair (layout: `IndexLayout`, README
/// "Output format") under temporary names; `commit()` renames both to their final names.
///
/// Memory: 4 bytes per sequence (the lengths); offsets and the document index are derived
/// when the index is written, so a corpus of 10 M sequences costs 40 MB here.
public final class PackedWriter {
    public let binPath: String
    public let idxPath: String
    private let temporaryBin: String
    private let temporaryIdx: String
    private var bin: PosixFile?
    /// Sequence lengths in tokens, in write order. Index: sequence number; 4 bytes per entry.
    private var lengths: [Int32] = []
    public private(set) var tokenCount = 0
    /// Sequence counts at which a document ends (`endDocument()`), when documents hold more than
    /// one sequence (packed bins, eval conversations); nil: one document per sequence. 8 bytes
    /// per document.
    private var documentEnds: [Int64]?
    private var state = State.writing

    private enum State { case writing, finished, committed, discarded }

    public var sequenceCount: Int { lengths.count }

    /// Opens `PREFIX_NAME_document.bin` for writing under a temporary name (see `PackedPaths`).
    public init(prefix: String, name: String, temporaryToken: String = defaultTemporaryToken) throws(PackedFormatError) {
        binPath = PackedPaths.bin(prefix: prefix, name: name)
        idxPath = PackedPaths.idx(prefix: prefix, name: name)
        temporaryBin = PackedPaths.temporary(binPath, token: temporaryToken)
        temporaryIdx = PackedPaths.temporary(idxPath, token: temporaryToken)
        bin = try PosixFile(creating: temporaryBin)
    }

    deinit { if state != .committed { discard() } }

    /// Appends one sequence (one document).
    public func append(_ tokens: UnsafeBufferPointer<Int32>) throws(PackedFormatError) {
        precondition(state == .writing, "append after finish")
        try checkLength(tokens.count, sequence: lengths.count)
        lengths.append(Int32(tokens.count))
        tokenCount += tokens.count
        try writeTokens(tokens)
    }

    /// Appends sequences laid end to end in `tokens`, `lengths[k]` tokens each (their sum is
    /// `tokens.count`), with one write: a batch's documents at once.
    public func append(_ tokens: UnsafeBufferPointer<Int32>, lengths: [Int]) throws(PackedFormatError) {
        precondition(state == .writing, "append after finish")
        var total = 0
        for (k, n) in lengths.enumerated() {
            try checkLength(n, sequence: self.lengths.count + k)
            total += n
        }
        precondition(total == tokens.count, "lengths cover \(total) of \(tokens.count) tokens")
        for n in lengths { self.lengths.append(Int32(n)) }
        tokenCount += total
        try writeTokens(tokens)
    }

    private func checkLength(_ n: Int, sequence: Int) throws(PackedFormatError) {
        guard n <= Int(Int32.max) else {
            throw PackedFormatError(path: binPath, sequence: sequence, "sequence of \(n) tokens exceeds int32 lengths")
        }
    }

    /// The tokens to `.bin`, little-endian.
    private func writeTokens(_ tokens: UnsafeBufferPointer<Int32>) throws(PackedFormatError) {
        #if _endian(big)
        for t in tokens { try bin!.write(withUnsafeBytes(of: t.littleEndian) { Array($0) }) }
        #else
        try bin!.write(UnsafeRawBufferPointer(tokens))
        #endif
    }

    public func append(_ tokens: [Int32]) throws(PackedFormatError) {
        try tokens.withUnsafeBufferPointer { b in Result { () throws(PackedFormatError) in try append(b) } }.get()
    }

    /// Ends the current document after the sequences appended so far (a packed bin, an eval
    /// conversation; a document may be empty). Once called, documents are exactly what these
    /// calls delimit; sequences after the last call form one more document.
    public func endDocument() {
        precondition(state == .writing, "endDocument after finish")
        if documentEnds == nil { documentEnds = [] }
        documentEnds!.append(Int64(lengths.count))
    }

    /// Flushes `.bin` and writes `.idx`, both still under their temporary names.
    public func finish() throws(PackedFormatError) {
        precondition(state == .writing, "finish twice")
        try bin!.closeAfterSync()
        bin = nil
        let idx = try PosixFile(creating: temporaryIdx)
        if let ends = documentEnds, Int64(lengths.count) != (ends.last ?? 0) { endDocument() }
        try Self.writeIndex(lengths: lengths, documentEnds: documentEnds, to: idx)
        try idx.closeAfterSync()
        state = .finished
    }

    /// Renames `.bin` then `.idx` to their final names. Call after every writer of a job finished.
    public func commit() throws(PackedFormatError) {
        precondition(state == .finished, "commit before finish")
        try renameFile(temporaryBin, binPath)
        try renameFile(temporaryIdx, idxPath)
        state = .committed
    }

    /// (temporary, final) for `.bin` and `.idx`, for a caller that renames a whole set itself
    /// (Pipeline's `CommitRecord`); it calls `renamedByCaller()` once they are renamed.
    public var pendingRenames: [(temporary: String, final: String)] {
        [(temporaryBin, binPath), (temporaryIdx, idxPath)]
    }

    public func renamedByCaller() {
        precondition(state == .finished, "renamed before finish")
        state = .committed
    }

    /// Removes the temporary files. Safe to call in any state but `committed`.
    public func discard() {
        guard state != .committed, state != .discarded else { return }
        bin = nil
        removeFile(temporaryBin)
        removeFile(temporaryIdx)
        state = .discarded
    }

    /// Writes the `.idx` for the given sequence lengths, one document per sequence unless
    /// `documentEnds` says otherwise, through `file`'s buffer: memory stays at the 4-byte
    /// lengths, whatever the sequence count.
    static func writeIndex(lengths: [Int32], documentEnds: [Int64]? = nil, to file: PosixFile) throws(PackedFormatError) {
        let s = lengths.count
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        func flushIfFull() throws(PackedFormatError) {
            if chunk.count >= (1 << 16) - 8 { try file.write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        chunk += IndexLayout.magic
        chunk.appendLE(IndexLayout.version)
        chunk.append(IndexLayout.int32Code)
        chunk.appendLE(UInt64(s))
        chunk.appendLE(UInt64((documentEnds?.count ?? s) + 1))
        for l in lengths { chunk.appendLE(l); try flushIfFull() }
        var offset: Int64 = 0
        for l in lengths {
            chunk.appendLE(offset)
            offset += Int64(l) * Int64(IndexLayout.tokenSize)
            try flushIfFull()
        }
        if let documentEnds {
            chunk.appendLE(Int64(0))
            for d in documentEnds { chunk.appendLE(d); try flushIfFull() }
        } else {
            for d in 0...s { chunk.appendLE(Int64(d)); try flushIfFull() }
        }
        try file.write(chunk)
    }
}

/// A per-process token for temporary names: the process id.
public let defaultTemporaryToken: String = String(getpid())
