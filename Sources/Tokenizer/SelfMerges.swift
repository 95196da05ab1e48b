/// What tiktoken's BPE does to each token's own bytes: the last pair it joins, or that it never
/// gets back to the token (an unreachable token, e.g. Qwen3.5's 201 such as 104328 `俱乐部`,
/// GLM-4's 893).
///
/// Why it matters: tiktoken looks a whole piece up before merging and so emits unreachable
/// tokens; Hugging Face BPE without `ignore_merges` only merges and never does. The merge loop
/// itself never forms an unreachable token U: parts X, Y adjacent and covering exactly U's bytes
/// arise only by merges inside that span, in the order the span alone would merge, so encoding
/// U's bytes alone would reach X, Y and then U. So hiding U from the whole-piece lookup is all it
/// takes to match Hugging Face (`Tokenizer.init(... emitsUnreachableTokens: false)`).
///
/// Layout: `pairs[id]` (UInt64, one per mergeable token) = `left << 32 | right` (the ids of the
/// final join) when the bytes merge back to `id`; `SelfMerges.single` for a one-byte token;
/// `SelfMerges.unreachable` otherwise. `unreachable` lists those ids ascending.
package struct SelfMerges: Sendable {
    package let pairs: [UInt64]
    package let unreachable: [Int32]
    package static let single = UInt64.max - 1
    package static let unreachable = UInt64.max

    /// The final join of `id`'s own bytes, or nil (one byte, or unreachable).
    package func finalPair(_ id: Int32) -> (left: Int32, right: Int32)? {
        let v = pairs[Int(id)]
        if v >= SelfMerges.single { return nil }
        return (Int32(truncatingIfNeeded: v >> 32), Int32(truncatingIfNeeded: v & 0xFFFF_FFFF))
    }

    /// tiktoken's BPE on every token's bytes, plainly: rescan all adjacent pairs for the lowest
    /// rank (leftmost on ties), each pair's rank a trie lookup from the root. O(n²) per token of
    /// n bytes; measured in DESIGN.md ("Tokenizer", reachability).
    init(tokens: TokenTable, trie: DoubleArrayTrie) {
        let count = tokens.count
        var pairs = [UInt64](repeating: SelfMerges.unreachable, count: count)
        var unreachable: [Int32] = []
        var maxLength = 1
        for id in 0..<count { maxLength = Swift.max(maxLength, tokens.tokenBytes(id).count) }
        var parts = [Int32](repeating: 0, count: maxLength + 1)
        var starts = [Int32](repeating: 0, count: maxLength + 1)
        var ranks = [Int32](repeating: 0, count: maxLength + 1)
        parts.withUnsafeMutableBufferPointer { parts in
            starts.withUnsafeMutableBufferPointer { starts in
                ranks.withUnsafeMutableBufferPointer { ranks in
                    for id in 0..<count {
                        let t = tokens.tokenBytes(id)
                        let n = t.count
                        if n == 1 {
                            pairs[id] = SelfMerges.single
                            continue
                        }
                        let p = t.baseAddress!
                        @inline(__always) func rank(_ a: Int, _ b: Int) -> Int32 {
                            trie.lookup(p + a, b - a) ?? PairTable.none
                        }
                        for k in 0..<n {
                            parts[k] = tokens.byteID.base[Int(p[k])]
                            starts[k] = Int32(k)
                        }
                        starts[n] = Int32(n)
                        for k in 0..<(n - 1) { ranks[k] = rank(k, k + 2) }
                        var m = n
                        var last: UInt64 = SelfMerges.unreachable
                        while m > 1 {
                            var best = PairTable.none
                            var at = 0
                            for k in 0..<(m - 1) where ranks[k] < best {
                                best = ranks[k]
                                at = k
                            }
                            if best == PairTable.none { break }
                            last = UInt64(UInt32(bitPattern: parts[at])) << 32 | UInt64(UInt32(bitPattern: parts[at + 1]))
                            parts[at] = best
                            var k = at + 1
                            while k < m - 1 {
                                parts[k] = parts[k + 1]
                                starts[k] = starts[k + 1]
                                if k < m - 2 { ranks[k] = ranks[k + 1] }
                                k += 1
                            }
                            starts[m - 1] = Int32(n)
                            m -= 1
                            if at > 0 { ranks[at - 1] = rank(Int(starts[at - 1]), Int(starts[at + 1])) }
                            if at < m - 1 { ranks[at] = rank(Int(starts[at]), Int(starts[at + 2])) }
                        }
                        if m == 1 && parts[0] == Int32(id) {
                            pairs[id] = last
                        } else {
                            unreachable.append(Int32(id))
                        }
                    }
                }
            }
        }
        self.pairs = pairs
        self.unreachable = unreachable
    }
}
