/// (left id, right id) → id of the token whose bytes are left's followed by right's, for every
/// such pair in the vocabulary: the only question tiktoken's merge loop asks ("what is the rank
/// of these two adjacent parts joined?"), answered without touching any bytes.
///
/// Layout:
/// - `slots` (UInt64, 8 bytes each, a power of two ≥ 1.6 × pair count; GLM-4 has 318,088
///   pairs → 524,288 slots, 4 MB, load 0.61): 0 = empty, else `left << 42 | right << 21 |
///   (merged + 1)`, 21 bits each (so ids must be < 2^21 - 1, checked at load). Slot index =
///   hash of `left << 21 | right`; linear probing.
/// - `bytePairs` (Int32, 65,536 entries, 256 KB): `bytePairs[a << 8 | b]` = merged id of the
///   single-byte tokens a and b, or `none`. The first round of every merge asks only about
///   byte pairs, so this dense table answers most questions without hashing.
/// Invariant: `merged` < token count, and bytes(merged) == bytes(left) + bytes(right).
final class PairTable: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let slots: FixedBuffer<UInt64>
    let mask: Int
    let bytePairs: FixedBuffer<Int32>
    /// Returned when two parts do not join into a token; above every real rank.
    static let none: Int32 = .max

    init(_ tokens: TokenTable) {
        // Every token of n ≥ 2 bytes yields a pair for each split point where both halves are tokens.
        var pairs: [(UInt64, UInt64)] = []
        pairs.reserveCapacity(tokens.count * 5 / 2)
        for id in 0..<tokens.count {
            let t = tokens.tokenBytes(id)
            let n = t.count
            if n < 2 { continue }
            let p = t.baseAddress!
            for k in 1..<n {
                guard let left = tokens.lookup(p, k), let right = tokens.lookup(p + k, n - k) else { continue }
                let key = UInt64(left) << 21 | UInt64(right)
                pairs.append((key, key << 21 | UInt64(id + 1)))
            }
        }
        var capacity = 1024
        while capacity < pairs.count * 8 / 5 { capacity <<= 1 }
        mask = capacity - 1
        slots = FixedBuffer(count: capacity, repeating: 0)
        for (key, slot) in pairs {
            var i = PairTable.index(key) & mask
            while slots.base[i] != 0 { i = (i + 1) & mask }
            slots.base[i] = slot
        }
        bytePairs = FixedBuffer(count: 65536, repeating: PairTable.none)
        for a in 0..<256 {
            for b in 0..<256 {
                let m = merged(tokens.byteID.base[a], tokens.byteID.base[b])
                bytePairs.base[a << 8 | b] = m
            }
        }
    }

    @inline(__always)
    static func index(_ key: UInt64) -> Int {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 32)
    }

    /// The id of bytes(left) + bytes(right) if that is a token, else `PairTable.none`.
    @inline(__always)
    func merged(_ left: Int32, _ right: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: left)) << 21 | UInt64(UInt32(bitPattern: right))
        var i = PairTable.index(key) & mask
        while true {
            // SAFETY: i ≤ mask < slots.count.
            let s = slots.base[i]
            if s == 0 { return PairTable.none }
            if s >> 21 == key { return Int32(truncatingIfNeeded: s & 0x1F_FFFF) - 1 }
            i = (i + 1) & mask
        }
    }
}
