/// `bytePairs[a << 8 | b]` (Int32, 65,536 entries, 256 KB): the id of the two-byte token
/// `a b`, or `none`. The first round of every merge asks only about byte pairs, so this
/// dense table answers about half of all merge questions without hashing.
///
/// Merge questions about longer parts walk the trie from the left part's state
/// (`MergeScratch.merge`). A precomputed (left, right) → merged hash table of all 318,088
/// GLM-4 pairs was tried: merges were no faster (one random load into a 4 MB table) and
/// building it cost ~100 ms of load time.
///
/// `bytePairStates[a << 8 | b]` (Int32, 65,536 entries, 256 KB): the trie state of the two bytes
/// `a b` (a token or a prefix of a longer one), or -1: a walk from any byte starts two steps
/// down in a table that stays in the core's cache, instead of with two dependent trie loads.
final class PairTable: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let bytePairs: FixedBuffer<Int32>
    let bytePairStates: FixedBuffer<Int32>
    /// Returned when two parts do not join into a token; above every real rank.
    static let none: Int32 = .max

    /// From the trie: the children of each single byte's state (65,536 one-step walks in a few
    /// hot blocks; 65,536 hash-table lookups took ~4% of load time).
    init(_ trie: DoubleArrayTrie) {
        bytePairs = FixedBuffer(count: 65536, repeating: PairTable.none)
        bytePairStates = FixedBuffer(count: 65536, repeating: -1)
        for a in 0..<256 {
            let s = Int(trie.byteState.base[a])
            for b in 0..<256 {
                let c = trie.child(s, UInt8(b))
                let v = c < 0 ? -1 : trie.value(c)
                // SAFETY: a << 8 | b < 65,536.
                if v >= 0 { bytePairs.base[a << 8 | b] = v }
                bytePairStates.base[a << 8 | b] = Int32(c)
            }
        }
    }
}
