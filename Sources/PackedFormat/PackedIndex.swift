/// A validated MMIDIDX v1 index (layout: `IndexLayout`) with its `.bin`, memory-mapped.
///
/// Opening checks everything a loader relies on, once, and names the first inconsistency
/// (file, sequence, byte offset): magic, version, dtype int32, the index size against its
/// counts, lengths non-negative, offsets starting at 0 and each one the end of the previous
/// sequence, the `.bin` size equal to the end of the last sequence, the document index
/// starting at 0, non-decreasing and ending at the sequence count. After that, reads index
/// without further checks. With `anyDType`, any Megatron dtype is accepted (for structural
/// checks of other tools' datasets); sizes and offsets then count `itemSize`-byte items.
struct PackedIndex {
    let idx: MappedFile
    let bin: MappedFile
    let sequenceCount: Int
    let documentIndexLength: Int
    let tokenCount: Int
    /// Megatron's dtype code (4 = int32) and its item size in bytes.
    let dtypeCode: UInt8
    let itemSize: Int

    init(idxPath: String, binPath: String, anyDType: Bool = false) throws(PackedFormatError) {
        idx = try MappedFile(path: idxPath)
        bin = try MappedFile(path: binPath)
        let b = idx.bytes
        func fail(_ offset: Int?, _ sequence: Int?, _ message: String) -> PackedFormatError {
            PackedFormatError(path: idxPath, sequence: sequence, byteOffset: offset, message)
        }
        guard b.count >= IndexLayout.headerSize else {
            throw fail(nil, nil, "index is \(b.count) bytes, shorter than the \(IndexLayout.headerSize)-byte header")
        }
        for (i, m) in IndexLayout.magic.enumerated() where b[i] != m {
            throw fail(i, nil, "bad magic: expected MMIDIDX\\0\\0")
        }
        let version = idx.load(9, as: UInt64.self)
        guard version == IndexLayout.version else { throw fail(9, nil, "version \(version), expected 1") }
        guard b[17] == IndexLayout.int32Code || (anyDType && IndexLayout.itemSize(dtypeCode: b[17]) != nil) else {
            throw fail(17, nil, "dtype code \(b[17]), expected 4 (int32)")
        }
        dtypeCode = b[17]
        itemSize = IndexLayout.itemSize(dtypeCode: b[17])!
        let s64 = idx.load(18, as: UInt64.self), d64 = idx.load(26, as: UInt64.self)
        // Bound both counts so the size arithmetic below cannot overflow.
        guard s64 < UInt64(Int.max / 32), d64 < UInt64(Int.max / 32) else { throw fail(18, nil, "implausible counts \(s64), \(d64)") }
        let s = Int(s64), d = Int(d64)
        let expected = IndexLayout.size(sequences: s, documentIndexLength: d)
        guard b.count == expected else {
            throw fail(nil, nil, "index is \(b.count) bytes; \(s) sequences and \(d) document entries need \(expected)")
        }
        sequenceCount = s
        documentIndexLength = d

        let lengthsAt = IndexLayout.headerSize, offsetsAt = lengthsAt + 4 * s, docsAt = offsetsAt + 8 * s
        var end = 0  // byte offset in .bin where the next sequence must start
        for i in 0..<s {
            let len = idx.load(lengthsAt + 4 * i, as: Int32.self)
            guard len >= 0 else { throw fail(lengthsAt + 4 * i, i, "negative length \(len)") }
            let off = idx.load(offsetsAt + 8 * i, as: Int64.self)
            guard off == Int64(end) else {
                throw fail(offsetsAt + 8 * i, i, "offset entry is \(off), but the previous sequence ends at \(end) of the .bin")
            }
            end += Int(len) * itemSize
        }
        guard bin.bytes.count == end else {
            throw PackedFormatError(path: binPath, byteOffset: min(bin.bytes.count, end),
                                    "data is \(bin.bytes.count) bytes; the index describes \(end)")
        }
        tokenCount = end / itemSize
        guard d >= 1 else { throw fail(26, nil, "empty document index") }
        var previous: Int64 = -1
        for j in 0..<d {
            let v = idx.load(docsAt + 8 * j, as: Int64.self)
            let ok = (j == 0) ? v == 0 : (v >= previous && v <= Int64(s))
            guard ok else { throw fail(docsAt + 8 * j, nil, "document index entry \(j) is \(v) (after \(previous), \(s) sequences)") }
            previous = v
        }
        guard previous == Int64(s) else { throw fail(docsAt + 8 * (d - 1), nil, "document index ends at \(previous), expected \(s)") }
    }

    /// Length in tokens of sequence `i` (0 ≤ i < sequenceCount).
    @inline(__always)
    func length(_ i: Int) -> Int {
        precondition(i >= 0 && i < sequenceCount, "sequence index out of range")
        return Int(idx.load(IndexLayout.headerSize + 4 * i, as: Int32.self))
    }

    /// Byte offset of sequence `i` in `.bin`.
    @inline(__always)
    func offset(_ i: Int) -> Int {
        precondition(i >= 0 && i < sequenceCount, "sequence index out of range")
        return Int(idx.load(IndexLayout.headerSize + 4 * sequenceCount + 8 * i, as: Int64.self))
    }

    /// The document index as stored (`0, 1, …, S` for Tokenpack's files).
    func documentIndex() -> [Int64] {
        let at = IndexLayout.headerSize + 12 * sequenceCount
        return (0..<documentIndexLength).map { idx.load(at + 8 * $0, as: Int64.self) }
    }
}
