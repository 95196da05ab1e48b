/// Reads a packed int32 dataset written by `PackedWriter` (or any MMIDIDX v1 int32 dataset),
/// memory-mapped: no copy until a sequence is asked for as an array.
public final class PackedReader: @unchecked Sendable {
    public let binPath: String
    public let idxPath: String
    private let index: PackedIndex

    /// Opens and validates `PREFIX_NAME_document.{bin,idx}`; throws naming the first problem.
    public convenience init(prefix: String, name: String) throws(PackedFormatError) {
        try self.init(binPath: PackedPaths.bin(prefix: prefix, name: name), idxPath: PackedPaths.idx(prefix: prefix, name: name))
    }

    public init(binPath: String, idxPath: String) throws(PackedFormatError) {
        self.binPath = binPath
        self.idxPath = idxPath
        index = try PackedIndex(idxPath: idxPath, binPath: binPath)
    }

    /// Number of sequences.
    public var count: Int { index.sequenceCount }
    /// Total tokens over all sequences.
    public var tokenCount: Int { index.tokenCount }
    /// Length of sequence `i`, in tokens.
    public func length(_ i: Int) -> Int { index.length(i) }
    /// Byte offset of sequence `i` in `.bin`.
    public func byteOffset(_ i: Int) -> Int { index.offset(i) }
    /// The stored document index.
    public var documentIndex: [Int64] { index.documentIndex() }

    /// Calls `body` with sequence `i` in place (valid only during the call).
    public func withSequence<R>(_ i: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        let n = index.length(i), off = index.offset(i)
        guard n > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        // SAFETY: PackedIndex checked at open that every sequence lies inside `.bin`
        // (offset + 4·length ≤ size) and offsets are multiples of 4; the mapping is page-aligned,
        // so the pointer is aligned for Int32. The data is little-endian (README "Output format").
        assert(off >= 0 && off % 4 == 0 && off + 4 * n <= index.bin.bytes.count, "sequence \(i) outside .bin")
        let p = (index.bin.bytes.baseAddress! + off).assumingMemoryBound(to: Int32.self)
        #if _endian(big)
        return try body(UnsafeBufferPointer(start: Array(UnsafeBufferPointer(start: p, count: n)).map { Int32(littleEndian: $0) }, count: n))
        #else
        return try body(UnsafeBufferPointer(start: p, count: n))
        #endif
    }

    /// Sequence `i` as an array (a copy).
    public subscript(i: Int) -> [Int32] { withSequence(i) { Array($0) } }
}
