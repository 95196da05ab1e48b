/// Per-encoder buffers for tiktoken's merge loop, plus the encoder's caches.
///
/// Layout (each `capacity` (+1) entries, 4 bytes each): part k of the piece is
/// `p[starts[k] ..< starts[k + 1]]` with id `parts[k]`; `ranks[k]` is the id of parts k and
/// k+1 joined, or `PairTable.none`. For long pieces parts are named by their start byte and
/// linked by `next`/`prev` (-1 = none), and `heap` (`3 × capacity` UInt64 entries) holds
/// `rank << 32 | start`.
final class MergeScratch {
    private(set) var capacity: Int
    private var parts: UnsafeMutablePointer<Int32>
    private var ranks: UnsafeMutablePointer<Int32>
    private var starts: UnsafeMutablePointer<Int32>
    private var next: UnsafeMutablePointer<Int32>
    private var prev: UnsafeMutablePointer<Int32>
    private var heap: UnsafeMutablePointer<UInt64>
    /// `states[k]` is part k's trie state; `pairStates[k]` the state of parts k and k+1 joined
    /// (-1 = not a prefix of any token, -2 = not computed yet).
    private var states: UnsafeMutablePointer<Int32>
    private var pairStates: UnsafeMutablePointer<Int32>
    /// The short merge's parts (`merge`, pieces of ≤ 16 bytes), 16 lanes each.
    private let shortKeys: UnsafeMutablePointer<Int32>
    private let shortState: UnsafeMutablePointer<Int32>
    private let shortPairState: UnsafeMutablePointer<Int32>
    private let shortNext: UnsafeMutablePointer<Int8>
    private let shortPrev: UnsafeMutablePointer<Int8>
    let cache = PieceCache()
    /// The encoder's pieces scanned ahead (`TokenEncoder.encodePieces`): their ends and what
    /// their lookups found, `lookahead` entries each.
    let pieceEnds: UnsafeMutablePointer<Int> = .allocate(capacity: MergeScratch.lookahead)
    let pieceIDs: UnsafeMutablePointer<Int32> = .allocate(capacity: MergeScratch.lookahead)
    static let lookahead = 16
    /// The ids of the text being encoded (`TokenEncoder.encode`).
    let output = IDBuffer(capacity: 1 << 12)

    /// Pieces longer than this merge with a heap (O(n log n)); up to it, with the short merge's
    /// 16 lanes (tiktoken's rescan for the minimum over the lanes, parts linked instead of
    /// shifted). With the earlier array-shifting rescan, cachegrind (2 MB of the chat corpus,
    /// encoder only) gave threshold 12 → 84.5 instructions per byte, 16 → 84.5, 24 → 85.5,
    /// 64 → 110.5, 128 → 124.0; the lanes cap it at 16 (DESIGN.md, "Speed work").
    static let heapThreshold = 16

    init(capacity: Int) {
        self.capacity = capacity
        parts = .allocate(capacity: capacity + 1)
        ranks = .allocate(capacity: capacity + 1)
        starts = .allocate(capacity: capacity + 1)
        next = .allocate(capacity: capacity + 1)
        prev = .allocate(capacity: capacity + 1)
        heap = .allocate(capacity: 3 * capacity)
        states = .allocate(capacity: capacity + 1)
        pairStates = .allocate(capacity: capacity + 1)
        shortKeys = .allocate(capacity: 16)
        shortState = .allocate(capacity: 16)
        shortPairState = .allocate(capacity: 16)
        shortNext = .allocate(capacity: 16)
        shortPrev = .allocate(capacity: 16)
    }

    deinit {
        for buffer in [parts, ranks, starts, next, prev, states, pairStates] { buffer.deallocate() }
        heap.deallocate()
        reachable?.deallocate()
        shortKeys.deallocate(); shortState.deallocate(); shortPairState.deallocate()
        shortNext.deallocate(); shortPrev.deallocate()
        pieceEnds.deallocate(); pieceIDs.deallocate()
    }

    private func reserve(_ n: Int) {
        if n <= capacity { return }
        var c = capacity
        while c < n { c *= 2 }
        for buffer in [parts, ranks, starts, next, prev, states, pairStates] { buffer.deallocate() }
        heap.deallocate()
        states = .allocate(capacity: c + 1)
        pairStates = .allocate(capacity: c + 1)
        parts = .allocate(capacity: c + 1)
        ranks = .allocate(capacity: c + 1)
        starts = .allocate(capacity: c + 1)
        next = .allocate(capacity: c + 1)
        prev = .allocate(capacity: c + 1)
        heap = .allocate(capacity: 3 * c)
        capacity = c
    }

    /// tiktoken's `byte_pair_merge`: repeatedly join the adjacent pair whose joined token has the
    /// lowest rank (leftmost on ties) until no adjacent pair is a token; appends the parts' ids.
    /// `n` ≥ 2. "Is left + right a token" is a trie walk of right's bytes from left's state,
    /// whose end state becomes the joined part's state if the pair is merged (DESIGN.md,
    /// "Tokenizer": fewer instructions and D1 misses than a hash lookup of the joined span
    /// behind a pair cache and a Bloom filter, which this replaced).
    func merge(_ p: UnsafePointer<UInt8>, _ n: Int, tokens: TokenTable, trie: DoubleArrayTrie, pairs: PairTable, into out: IDBuffer) {
        var none = NoJoinObserver()
        merge(p, n, tokens: tokens, trie: trie, pairs: pairs, into: out, observer: &none)
    }

    /// `merge`, telling `observer` each join as it happens (specialized per observer type, so
    /// the encoder's `NoJoinObserver` costs nothing).
    @inline(__always)
    func merge<Observer: JoinObserver>(_ p: UnsafePointer<UInt8>, _ n: Int, tokens: TokenTable, trie: DoubleArrayTrie, pairs: PairTable,
                                       into out: IDBuffer, observer: inout Observer) {
        if n > MergeScratch.heapThreshold { return mergeLong(p, n, tokens: tokens, trie: trie, pairs: pairs, into: out, observer: &observer) }
        let bytePairs = pairs.bytePairs.base
        let byteState = trie.byteState.base
        // Parts are named by their first byte k (< n ≤ 16) and linked by `next` (n = none) and
        // `prev` (-1 = none); a part's id is the trie value of its state. `keys` lane k is
        // `rank << 4 | k` for the pair of part k and its successor (Int32.max: no pair, or k is
        // not a part's start), so the smallest lane is the lowest rank, leftmost on ties: the
        // pair tiktoken's rescan would join. Ranks are < 2^21 (`Vocabulary.maxTokenCount`), so
        // keys stay below Int32.max.
        let keys = shortKeys, state = shortState, pairState = shortPairState, next = shortNext, prev = shortPrev
        // SAFETY (whole function): the lanes hold 16 entries and every index below is < n ≤ 16;
        // lanes 0..<n-1 are set here and are the only ones read.
        for k in 0..<n {
            state[k] = byteState[Int(p[k])]
            next[k] = Int8(k + 1)
            prev[k] = Int8(k - 1)
        }
        for k in 0..<(n - 1) {
            let r = bytePairs[Int(p[k]) << 8 | Int(p[k + 1])]
            keys[k] = r == PairTable.none ? .max : r << 4 | Int32(k)
            pairState[k] = -2
        }
        /// The key of part k and its successor j (end: j's successor), its join state kept.
        @inline(__always) func join(_ k: Int, _ j: Int) -> Int32 {
            let e = Int(next[j])
            let s = trie.walk(Int(state[k]), p + j, e - j)
            pairState[k] = Int32(truncatingIfNeeded: s)
            let v = s < 0 ? -1 : trie.value(s)
            return v < 0 ? .max : v << 4 | Int32(k)
        }
        while true {
            // The minimum with scalar loads: a vector load of the lanes right after the scalar
            // stores to them waited for those stores (no store forwarding from a smaller store),
            // ~9% of this function's samples; the scalar scan took its share of the unique
            // corpus's whole run from ~19.8% to ~17.0% (perf, three runs each) for +0.4%
            // instructions.
            var best = keys[0]
            var lane = 1
            while lane < n - 1 {
                best = Swift.min(best, keys[lane])
                lane += 1
            }
            if best == .max { break }
            let k = Int(best & 15)
            let j = Int(next[k])
            observer.join(trie.value(Int(state[k])), trie.value(Int(state[j])))
            // pairState[k] belongs to the current pair (set with its key), or is -2 for a
            // first-round byte pair, whose state is one step from byte k's.
            let joined = pairState[k]
            state[k] = joined >= 0 ? joined : pairs.bytePairStates.base[Int(p[k]) << 8 | Int(p[j])]
            keys[j] = .max
            let after = Int(next[j])
            next[k] = Int8(after)
            keys[k] = .max
            if after < n {
                prev[after] = Int8(k)
                keys[k] = join(k, after)
            }
            let before = Int(prev[k])
            if before >= 0 { keys[before] = join(before, k) }
        }
        var k = 0
        while k < n {
            out.append(trie.value(Int(state[k])))
            k = Int(next[k])
        }
    }

    /// `merge` through the piece cache, for a piece of ≤ `PieceCache.maxPieceLength` bytes that
    /// is not looked up whole (or was, and is no token): the cached ids, or the merge's,
    /// remembered. Never inlined, as `mergeLongPiece`: inlined into the encoder's piece loop,
    /// they made it spill more and cost ~2% more instructions on the chat text.
    @inline(never)
    func mergeCached(_ p: UnsafePointer<UInt8>, _ n: Int, tokens: TokenTable, trie: DoubleArrayTrie, pairs: PairTable, into out: IDBuffer) {
        if cache.lookup(p, n, into: out) { return }
        let before = out.count
        merge(p, n, tokens: tokens, trie: trie, pairs: pairs, into: out)
        cache.insert(p, n, ids: out, from: before)
    }

    /// A piece over `PieceCache.maxPieceLength` bytes: if it has a non-ASCII byte (long CJK
    /// runs, ~15% of the chat corpus's bytes), cut it where no token spans the cut and merge
    /// each chunk on its own (through the piece cache), else `merge` it whole.
    ///
    /// Exact for any vocabulary, unreachable tokens included: every part the merge loop ever
    /// holds is a token, so a merge across a cut would form a token spanning it, and none does;
    /// merges on either side of a cut never change each other's pairs, so each chunk merges as it
    /// would alone. Chunks go through the cache and the merge, never the whole-piece lookup
    /// (tiktoken looks up the whole piece only). Finding the cuts walks the trie from every byte
    /// while the path is a prefix of some token (~3.4 steps per byte on the chat corpus's long
    /// pieces; chunks average 6 bytes, mostly one or two CJK characters), where the heap merge of
    /// the whole piece cost ~190 instructions per byte. ASCII runs (long white space, rules of
    /// `=`) have no cuts worth the walk: the white-space tokens overlap everywhere.
    @inline(never)
    func mergeLongPiece(_ p: UnsafePointer<UInt8>, _ n: Int, tokens: TokenTable, trie: DoubleArrayTrie, pairs: PairTable, into out: IDBuffer) {
        if !MergeScratch.hasNonASCII(p, n) { return merge(p, n, tokens: tokens, trie: trie, pairs: pairs, into: out) }
        let byteState = trie.byteState.base
        let byteID = tokens.byteID.base
        let bytePairs = pairs.bytePairs.base
        let pairStates = pairs.bytePairStates.base
        /// Appends the ids of the chunk `p[start..<end]`; `tokenState` is the trie state of the
        /// chunk's bytes when the chunk is a token, else -1.
        @inline(__always) func emit(_ start: Int, _ end: Int, tokenState: Int) {
            let len = end - start
            // SAFETY: start < end ≤ n; byteID has 256 entries, bytePairs 65,536.
            if len == 1 { return out.append(byteID[Int(p[start])]) }
            if tokenState >= 0 {
                let id = trie.value(tokenState)
                // A token of two bytes is their pair; of three, it is reached when either inner
                // pair is a token (that pair merges first, then the rest joins the token).
                if len == 2 || (len == 3 && (bytePairs[Int(p[start]) << 8 | Int(p[start + 1])] != PairTable.none
                                              || bytePairs[Int(p[start + 1]) << 8 | Int(p[start + 2])] != PairTable.none)) {
                    return out.append(id)
                }
                switch reachability(of: id, tokenCount: tokens.count) {
                case 1: return out.append(id)
                case 2: break
                default:
                    let before = out.count
                    merge(p + start, len, tokens: tokens, trie: trie, pairs: pairs, into: out)
                    setReachability(of: id, out.count == before + 1 && out.base[before] == id ? 1 : 2)
                    return
                }
            }
            if len > PieceCache.maxPieceLength { return merge(p + start, len, tokens: tokens, trie: trie, pairs: pairs, into: out) }
            mergeCached(p + start, len, tokens: tokens, trie: trie, pairs: pairs, into: out)
        }
        // reach: the furthest end of a token that starts before a; reach ≥ a always (every
        // single byte is a token), and a cut at a is allowed iff reach == a. From a chunk's
        // first byte the walk also remembers the furthest token (the chunk is that token iff it
        // ends at the chunk's end: a longer one would have prevented the cut).
        var reach = 0
        var chunk = 0
        var chunkEnd = 0
        var chunkState = -1
        var a = 0
        while a < n {
            // SAFETY: a < n; byteState has 256 entries, bytePairStates 65,536; b < n inside
            // the walks. The first two steps come from the pair tables.
            var s = Int(byteState[Int(p[a])])
            var b = a + 1
            if a == chunk {
                chunkEnd = b
                chunkState = s
                if b < n {
                    let pair = Int(p[a]) << 8 | Int(p[b])
                    s = Int(pairStates[pair])
                    if s >= 0 {
                        b += 1
                        if bytePairs[pair] != PairTable.none {
                            chunkEnd = b
                            chunkState = s
                        }
                    } else {
                        b = n  // the path left the trie: no further walk
                    }
                }
                while b < n {
                    s = trie.child(s, p[b])
                    if s < 0 { break }
                    b += 1
                    if trie.value(s) >= 0 {
                        chunkEnd = b
                        chunkState = s
                    }
                }
                if chunkEnd > reach { reach = chunkEnd }
            } else {
                if b < n {
                    let pair = Int(p[a]) << 8 | Int(p[b])
                    s = Int(pairStates[pair])
                    if s >= 0 {
                        b += 1
                        if b > reach && bytePairs[pair] != PairTable.none { reach = b }
                    } else {
                        b = n
                    }
                }
                while b < n {
                    s = trie.child(s, p[b])
                    if s < 0 { break }
                    b += 1
                    if b > reach && trie.value(s) >= 0 { reach = b }
                }
            }
            a += 1
            if reach == a {
                emit(chunk, a, tokenState: chunkEnd == a ? chunkState : -1)
                chunk = a
            }
        }
    }

    /// Per token id, whether its own bytes merge back to it: 0 not known yet, 1 yes, 2 no
    /// (`SelfMerges` computes the same for every token at once; here only the tokens that
    /// long pieces' chunks turn out to be, on first sight). `tokenCount` bytes, allocated on
    /// first use.
    private var reachable: UnsafeMutablePointer<UInt8>? = nil
    private var reachableCount = 0

    @inline(__always)
    private func reachability(of id: Int32, tokenCount: Int) -> UInt8 {
        if reachable == nil {
            reachable = .allocate(capacity: tokenCount)
            reachable!.initialize(repeating: 0, count: tokenCount)
            reachableCount = tokenCount
        }
        // SAFETY: id is a mergeable token id (a trie value), < tokenCount = reachableCount.
        assert(Int(id) < reachableCount)
        return reachable![Int(id)]
    }

    @inline(__always)
    private func setReachability(of id: Int32, _ value: UInt8) {
        // SAFETY: as in `reachability`, which allocated the table.
        reachable![Int(id)] = value
    }

    /// Whether `p[0..<n]` has a byte ≥ 0x80 (8 bytes at a time).
    @inline(__always)
    static func hasNonASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        var any: UInt64 = 0
        while i + 8 <= n {
            // SAFETY: i + 8 ≤ n.
            any |= UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < n {
            any |= UInt64(p[i])
            i += 1
        }
        return any & 0x8080_8080_8080_8080 != 0
    }

    /// The same merge order with a min-heap of (rank, start) over a linked list of parts:
    /// the lowest rank first and, among equal ranks, the leftmost, exactly as tiktoken's scan.
    /// O(n log n) for pieces over `heapThreshold` bytes.
    private func mergeLong<Observer: JoinObserver>(_ p: UnsafePointer<UInt8>, _ n: Int, tokens: TokenTable, trie: DoubleArrayTrie, pairs: PairTable,
                                                   into out: IDBuffer, observer: inout Observer) {
        reserve(n)
        let part = self.parts, rank = self.ranks, next = self.next, prev = self.prev, heap = self.heap
        let state = self.states, pairState = self.pairStates
        let bytePairs = pairs.bytePairs.base
        let byteState = trie.byteState.base
        var h = MergeHeap(heap)
        // SAFETY (whole function): as in `merge`; starts are < n ≤ capacity; the heap receives
        // at most n - 1 initial entries plus 2 per merge (≤ n - 1 merges), < 3 × capacity.
        func end(_ k: Int) -> Int { next[k] < 0 ? n : Int(next[k]) }
        /// The rank of part k and its successor j joined; the join's state goes to pairState[k].
        func joinRank(_ k: Int, _ j: Int) -> Int32 {
            let s = trie.walk(Int(state[k]), p + j, end(j) - j)
            pairState[k] = Int32(truncatingIfNeeded: s)
            let v = s < 0 ? -1 : trie.value(s)
            return v < 0 ? PairTable.none : v
        }
        for k in 0..<n {
            part[k] = tokens.byteID.base[Int(p[k])]
            state[k] = byteState[Int(p[k])]
            next[k] = Int32(k + 1)
            prev[k] = Int32(k - 1)
        }
        next[n - 1] = -1
        for k in 0..<(n - 1) {
            let r = bytePairs[Int(p[k]) << 8 | Int(p[k + 1])]
            rank[k] = r
            pairState[k] = -2
            if r != PairTable.none {
                h.appendUnordered(UInt64(r) << 32 | UInt64(k))
            }
        }
        rank[n - 1] = PairTable.none
        h.heapify()
        while !h.isEmpty {
            let top = h.top
            let k = Int(top & 0xFFFF_FFFF)
            let r = Int32(truncatingIfNeeded: top >> 32)
            // Stale: part k was absorbed by its left neighbour (part = -1) or its pair changed.
            if part[k] < 0 || rank[k] != r {
                h.removeTop()
                continue
            }
            let j = Int(next[k])
            observer.join(part[k], part[j])
            // rank[k] == r: pairState[k] was set with it (or is -2 for a first-round byte pair).
            let joinedState = pairState[k]
            state[k] = joinedState >= 0 ? joinedState : pairs.bytePairStates.base[Int(p[k]) << 8 | Int(p[j])]
            part[k] = r
            part[j] = -1
            let after = next[j]
            next[k] = after
            if after >= 0 {
                let a = Int(after)
                prev[a] = Int32(k)
                let nr = joinRank(k, a)
                rank[k] = nr
                if nr != PairTable.none { h.replaceTop(UInt64(nr) << 32 | UInt64(k)) } else { h.removeTop() }
            } else {
                rank[k] = PairTable.none
                h.removeTop()
            }
            let before = Int(prev[k])
            if before >= 0 {
                let nr = joinRank(before, k)
                rank[before] = nr
                if nr != PairTable.none { h.push(UInt64(nr) << 32 | UInt64(before)) }
            }
        }
        var k = 0
        while k >= 0 {
            out.append(part[k])
            k = Int(next[k])
        }
    }
}

/// Told each join of a merge, in order: the ids of the left and right part (`SelfMerges` keeps
/// the last one).
protocol JoinObserver {
    mutating func join(_ left: Int32, _ right: Int32)
}

/// The encoder's observer: nothing to tell.
struct NoJoinObserver: JoinObserver {
    @inline(__always) mutating func join(_ left: Int32, _ right: Int32) {}
}
