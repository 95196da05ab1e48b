/// Byte string → token id for the mergeable vocabulary: an open-addressing hash table.
///
/// Layout:
/// - `slots` (UInt64, 8 bytes each, a power of two ≥ 2.5 × token count; 4 MB for GLM-4):
///   0 = empty, else `tag << 32 | (id + 1)` where `tag` is the top 32 bits of the key's hash;
///   slot index = hash's low bits; linear probing. Load factor ≤ 0.4, so a miss probes ~1.4 slots.
/// - `bytes`/`offsets`: the vocabulary (see `Vocabulary`), token `id` is
///   `bytes[offsets[id] ..< offsets[id + 1]]`.
/// Invariants: every id in a slot is < `count`; offsets are within `bytes`; each byte string once.
/// `byteID[b]` is the id of the single byte `b` (all 256 present).
final class TokenTable: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let slots: FixedBuffer<UInt64>
    let mask: Int
    let bytes: FixedBuffer<UInt8>
    let offsets: FixedBuffer<UInt32>
    let byteID: FixedBuffer<Int32>
    let count: Int

    init(_ vocab: Vocabulary, source: String) throws(TokenizerError) {
        count = vocab.count
        var capacity = 1024
        while capacity < count * 5 / 2 { capacity <<= 1 }
        mask = capacity - 1
        slots = FixedBuffer(count: capacity, repeating: 0)
        bytes = FixedBuffer(vocab.bytes)
        offsets = FixedBuffer(vocab.offsets)
        byteID = FixedBuffer(count: 256, repeating: -1)
        for id in 0..<count {
            let start = Int(offsets.base[id]), n = Int(offsets.base[id + 1]) - start
            let p = UnsafePointer(bytes.base + start)
            if let other = lookup(p, n) {
                throw .malformedVocabulary(file: source, line: Int(vocab.lineOfID[id]),
                                           reason: "token repeats the byte string of line \(vocab.lineOfID[Int(other)])")
            }
            let h = ByteHash.hash(p, n)
            var i = Int(truncatingIfNeeded: h) & mask
            while slots.base[i] != 0 { i = (i + 1) & mask }
            slots.base[i] = (h >> 32) << 32 | UInt64(id + 1)
            if n == 1 { byteID.base[Int(p[0])] = Int32(id) }
        }
        for b in 0..<256 where byteID.base[b] < 0 {
            throw .malformedVocabulary(file: source, line: 0, reason: "no token for the single byte 0x\(String(b, radix: 16, uppercase: true))")
        }
    }

    /// The id of the token whose bytes are `p[0..<n]` (n ≥ 1), if there is one.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        let h = ByteHash.hash(p, n)
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            // SAFETY: i ≤ mask < slots.count.
            let s = slots.base[i]
            if s == 0 { return nil }
            if s >> 32 == tag {
                let id = Int(s & 0xFFFF_FFFF) - 1
                // SAFETY: ids in slots are < count, and offsets has count + 1 entries.
                let start = Int(offsets.base[id])
                if Int(offsets.base[id + 1]) - start == n && ByteHash.equal(bytes.base + start, p, n) {
                    return Int32(id)
                }
            }
            i = (i + 1) & mask
        }
    }

    /// The bytes of a mergeable token (`id` < count).
    @inline(__always)
    func tokenBytes(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets.base[id])
        return UnsafeBufferPointer(start: bytes.base + start, count: Int(offsets.base[id + 1]) - start)
    }
}
