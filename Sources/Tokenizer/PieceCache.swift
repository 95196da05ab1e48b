import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ids of recently merged pieces, per encoder: text repeats its words, and a piece that is
/// not itself a token costs ~20 dependent pair-table loads to merge, against one or two cache
/// lines here. Only pieces that needed a merge go in (whole-token pieces are one hash lookup anyway).
///
/// Layout: `words` (UInt64), 8 per entry = 64 bytes = one cache line, 65,536 entries = 4 MB,
/// in 32,768 sets of two (one aligned 128-byte pair): a piece's hash picks its set, and the
/// piece may sit in either entry. The first entry holds the set's newest piece: `insert` moves
/// it to the second (forgetting the older one there) and writes the first.
/// - word 0: 0 = empty, else `length | idCount << 8` (1 ≤ length ≤ 24, 1 ≤ idCount ≤ 8);
/// - words 1...3: the piece's bytes, zero-padded to 24;
/// - words 4...7: the ids, `Int32` each, in order.
/// Pieces longer than 24 bytes or merging into more than 8 ids are not cached.
///
/// Size and ways, measured (merges = cache misses, `tokenpack encode` of the whole-process
/// corpora): 4,096 direct-mapped entries → 16,384 → 65,536 → 65,536 two-way gave, on 60 MB of
/// chat, 192,000 → 68,000 → 22,000 misses for 851,000 lookups (16,384 onwards), and on the
/// 20 MB unique corpus 547,000 → 476,000 → 406,000 for 2.12 M (360,000 distinct pieces).
final class PieceCache {
    static let maxPieceLength = 24
    static let maxIDs = 8
    static let bits = 16
    private let words: UnsafeMutablePointer<UInt64>
    private static let byteCount = 64 << PieceCache.bits

    /// The 4 MB are a `LargePages` region (two 2 MB pages where the kernel grants them, every
    /// entry one cache line), written once when the encoder is made. Left to fault in lazily,
    /// the look-ahead's first read of a page mapped the kernel's shared zero page, and the
    /// first insert then replaced it: with two workers, each replacement flushed the other
    /// core's TLB, and `tokenpack bench`'s two-worker tokenize stage ran at 0.56× one worker.
    init() {
        // SAFETY: the region is byteCount bytes of zeros (every entry "empty"), readable and
        // writable, and lives until deinit.
        words = LargePages.allocate(byteCount: PieceCache.byteCount).bindMemory(to: UInt64.self, capacity: 8 << PieceCache.bits)
    }

    deinit { LargePages.deallocate(words, byteCount: PieceCache.byteCount) }

    /// The first entry of the piece's set.
    @inline(__always)
    private func entry(_ p: UnsafePointer<UInt8>, _ n: Int) -> UnsafeMutablePointer<UInt64> {
        words + 16 * PieceCache.setIndex(p, n)
    }

    /// The set a piece's hash picks.
    @inline(__always)
    static func setIndex(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let key = n <= 8 ? ByteHash.pack(p, n) : ByteHash.hashLong(p, n)
        return ByteHash.mix(key, n) & ((1 << (PieceCache.bits - 1)) - 1)
    }

    /// Starts loading the set `lookup(p, n)` will read (both entries: one aligned 128-byte pair).
    @inline(__always)
    func prefetch(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let e = entry(p, n)
        tokenpack_prefetch(e)
        tokenpack_prefetch(e + 8)
    }

    /// Appends the cached ids of `p[0..<n]` (n ≤ maxPieceLength) and returns true, or returns false.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, into out: IDBuffer) -> Bool {
        // The set's two entries, newest first.
        var e = entry(p, n)
        for _ in 0..<2 {
            // SAFETY: e points at one 8-word entry inside `words`; n ≤ 24 bytes fit words 1...3.
            let meta = e[0]
            if meta & 0xFF == UInt64(n) && ByteHash.equal(UnsafeRawPointer(e + 1).assumingMemoryBound(to: UInt8.self), p, n) {
                let count = Int(meta >> 8)
                let stored = UnsafeRawPointer(e + 4).assumingMemoryBound(to: Int32.self)
                for k in 0..<count { out.append(stored[k]) }  // room reserved: count ≤ n
                return true
            }
            e += 8
        }
        return false
    }

    /// Remembers that `p[0..<n]` encodes to `ids.base[from ..< ids.count]`, as its set's newest
    /// piece; the set's older piece is forgotten.
    @inline(__always)
    func insert(_ p: UnsafePointer<UInt8>, _ n: Int, ids: IDBuffer, from: Int) {
        let count = ids.count - from
        if count > PieceCache.maxIDs || n > PieceCache.maxPieceLength { return }
        let e = entry(p, n)
        // SAFETY: as in lookup (the set's second entry is e + 8); count ≤ 8 ids fit words 4...7.
        if e[0] != 0 { (e + 8).update(from: e, count: 8) }
        e[1] = 0; e[2] = 0; e[3] = 0
        UnsafeMutableRawPointer(e + 1).copyMemory(from: p, byteCount: n)
        let stored = UnsafeMutableRawPointer(e + 4).assumingMemoryBound(to: Int32.self)
        for k in 0..<count { stored[k] = ids.base[from + k] }
        e[0] = UInt64(n) | UInt64(count) << 8
    }
}
