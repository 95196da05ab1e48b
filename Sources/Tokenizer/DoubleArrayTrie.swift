/// Byte string → token id as a double-array trie over the mergeable vocabulary: a state is an
/// index, and the child of state `s` by byte `b` is one XOR and one load away. Unlike a hash
/// table it can continue a walk: "is left + right a token" is a walk of `right`'s bytes from
/// the state of `left` (see `MergeScratch`).
///
/// Layout (built once at load, then immutable):
/// - `units` (UInt64, 8 bytes per state; `count` is a multiple of 256): `units[s]` =
///   `base | check << 32`. The child of `s` by byte `b` is `c = base(s) ^ b`, and it exists iff
///   `check(c) == s`. Since XOR with a byte only changes the low 8 bits, `c` lies in the same
///   256-cell block as `base(s)`. State 0 is the root; its check is `UInt32.max - 1` (no
///   parent). A cell that is no state (a hole) has check `UInt32.max`.
/// - `values` (Int32, 4 bytes per state, same count): the id of the token whose bytes spell the
///   path to `s`, or -1.
/// Invariants (checked by `validate` after the build, before any unchecked access):
/// `units.count == values.count`, a positive multiple of 256, below 2^31; every base < count
/// (so every `base ^ b` < count); every check < count, `hole` or (cell 0 only) `rootCheck`; every value is -1 or
/// a token id < `tokenCount`.
///
/// GLM-4: 151,329 tokens (1.0 MB of bytes) give the numbers in `DESIGN.md` ("Tokenizer").
final class DoubleArrayTrie: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let units: FixedBuffer<UInt64>
    let values: FixedBuffer<Int32>
    let tokenCount: Int
    /// `byteState[b]` (256 × Int32): the state of the single byte `b` (all 256 are tokens).
    let byteState: FixedBuffer<Int32>
    static let root = 0
    static let hole = UInt32.max
    static let rootCheck = UInt32.max - 1

    /// Builds the trie of `vocab`'s tokens. Byte strings must be unique (`TokenTable` checks
    /// that first); a repeated one would keep its first id.
    init(_ vocab: Vocabulary) {
        tokenCount = vocab.count
        let built = vocab.bytes.withUnsafeBufferPointer { bytes in
            vocab.offsets.withUnsafeBufferPointer { offsets in
                var builder = Builder(bytes: bytes.baseAddress!, offsets: offsets.baseAddress!, count: vocab.count)
                builder.build()
                return builder.finish()
            }
        }
        units = built.units
        values = built.values
        byteState = FixedBuffer(count: 256, repeating: 0)
        validate()
        for b in 0..<256 {
            let s = child(DoubleArrayTrie.root, UInt8(b))
            // A vocabulary without some single byte is rejected by `TokenTable`; until then the
            // root stands in, so byteState always holds states.
            byteState.base[b] = Int32(max(s, 0))
        }
    }

    /// The single validating pass that the `// SAFETY:` notes below rely on; a failure is a bug
    /// in `Builder`, not bad input, hence `precondition`.
    private func validate() {
        let n = units.count
        precondition(n > 0 && n % 256 == 0 && n < Int(Int32.max) && values.count == n, "trie size")
        for s in 0..<n {
            let u = units.base[s]
            let check = UInt32(truncatingIfNeeded: u >> 32)
            precondition(Int(u & 0xFFFF_FFFF) < n, "trie base out of range")
            precondition(check == DoubleArrayTrie.hole || Int(check) < n || (s == 0 && check == DoubleArrayTrie.rootCheck), "trie check out of range")
            precondition(values.base[s] >= -1 && Int(values.base[s]) < tokenCount, "trie value out of range")
        }
    }

    /// The child of state `s` (< count) by byte `b`, or -1.
    @inline(__always)
    func child(_ s: Int, _ b: UInt8) -> Int {
        let u = units.base
        // SAFETY: s < count (callers pass states this type returned); base(s) ^ b < count by the
        // validated invariant (base < count, count a multiple of 256).
        assert(s >= 0 && s < units.count, "trie state \(s) outside \(units.count)")
        let c = Int(truncatingIfNeeded: u[s] & 0xFFFF_FFFF) ^ Int(b)
        assert(c < units.count, "trie child \(c) outside \(units.count)")
        return u[c] >> 32 == UInt64(s) ? c : -1
    }

    /// The state reached from `s` by the bytes `p[0..<n]`, or -1 if that path leaves the trie.
    @inline(__always)
    func walk(_ s: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let u = units.base
        var s = s
        var i = 0
        while i < n {
            // SAFETY: as in `child`; s is always a state here (it starts as one and only ever
            // becomes a cell whose check names its parent).
            assert(s >= 0 && s < units.count, "trie state \(s) outside \(units.count)")
            let c = Int(truncatingIfNeeded: u[s] & 0xFFFF_FFFF) ^ Int(p[i])
            assert(c < units.count, "trie child \(c) outside \(units.count)")
            if u[c] >> 32 != UInt64(s) { return -1 }
            s = c
            i += 1
        }
        return s
    }

    /// The token id of state `s` (≥ 0, < count), or -1.
    @inline(__always)
    func value(_ s: Int) -> Int32 {
        // SAFETY: s < count = values.count.
        assert(s >= 0 && s < values.count, "trie state \(s) outside \(values.count)")
        return values.base[s]
    }

    /// The id of the token `p[0..<n]`, if there is one.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        let s = walk(DoubleArrayTrie.root, p, n)
        if s < 0 { return nil }
        let v = value(s)
        return v >= 0 ? v : nil
    }

    /// The longest token that is a prefix of `p[0..<n]`: its length and id, or nil.
    func longestPrefix(_ p: UnsafePointer<UInt8>, _ n: Int) -> (length: Int, id: Int32)? {
        var s = DoubleArrayTrie.root
        var best: (Int, Int32)? = nil
        for i in 0..<n {
            s = child(s, p[i])
            if s < 0 { break }
            let v = value(s)
            if v >= 0 { best = (i + 1, v) }
        }
        return best
    }

    /// Number of cells that are states (the root included).
    var stateCount: Int {
        var k = 0
        for s in 0..<units.count where units.base[s] >> 32 != UInt64(DoubleArrayTrie.hole) { k += 1 }
        return k
    }
}

/// Construction: tokens sorted by bytes, then a depth-first walk over ranges of the sorted
/// list (a range = the tokens sharing a prefix = one state), placing each state's children at
/// the first base whose cells are all free. Free cells form a circular doubly linked list in
/// index order; as in darts-clone, only the last `openBlocks` blocks of 256 cells are searched,
/// which bounds the search (GLM-4: 341,000 states in 341,248 cells, 0.07% holes).
/// Scratch arrays are raw pointers: the build is on the load path, and bounds and uniqueness
/// checks on Swift arrays took half of it.
private struct Builder {
    let bytes: UnsafePointer<UInt8>
    let offsets: UnsafePointer<UInt32>
    let count: Int
    /// Per cell (all `capacity` long, `cells` in use): `unit` = base | check << 32, `value`,
    /// and the free list links (meaningful for free cells only). `unit` and `value` become the
    /// trie's buffers, so they come from `FixedBuffer.allocate` (`unitBytes`, `valueBytes`).
    var unit: UnsafeMutablePointer<UInt64>
    var value: UnsafeMutablePointer<Int32>
    var unitBytes = 0, valueBytes = 0
    var nextFree: UnsafeMutablePointer<Int32>
    var prevFree: UnsafeMutablePointer<Int32>
    var capacity: Int
    var cells = 0
    /// First free cell in an open block, or -1.
    var head = -1
    /// Blocks below this one are closed (no longer searched).
    var firstOpenBlock = 0
    static let openBlocks = 16
    static let free = UInt64(DoubleArrayTrie.hole) << 32

    init(bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<UInt32>, count: Int) {
        self.bytes = bytes
        self.offsets = offsets
        self.count = count
        // States ≤ total bytes + 1; a few % more for holes. Grows if needed.
        capacity = (Int(offsets[count]) / 2 + 4096) & ~255
        (unit, unitBytes) = FixedBuffer<UInt64>.allocate(capacity)
        (value, valueBytes) = FixedBuffer<Int32>.allocate(capacity)
        nextFree = .allocate(capacity: capacity)
        prevFree = .allocate(capacity: capacity)
    }

    @inline(__always) private func length(_ id: Int) -> Int { Int(offsets[id + 1]) - Int(offsets[id]) }
    @inline(__always) private func byte(_ id: Int, _ d: Int) -> UInt8 { bytes[Int(offsets[id]) + d] }

    /// Token ids sorted by their bytes (a prefix before its extensions): LSD radix sort on the
    /// first 8 bytes (big-endian, zero-padded), then insertion sort within runs of equal keys.
    /// Several times faster than `sort(by:)` with a comparison closure (~25 ms of load time).
    private func sortedIDs() -> [Int32] {
        // Raw scratch: Swift arrays' bounds checks and swaps cost a third of the sort.
        var keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * count)
        var tmpKeys = keys + count
        var result = [Int32](repeating: 0, count: count)
        let scratchIDs = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        let histogram = UnsafeMutablePointer<Int32>.allocate(capacity: 65536)
        defer { Swift.min(keys, tmpKeys).deallocate(); scratchIDs.deallocate(); histogram.deallocate() }
        result.withUnsafeMutableBufferPointer { out in
            // 4 passes (even): the sorted ids end in `out`, where they started.
            var ids = out.baseAddress!, tmpIDs = scratchIDs
            let total = Int(offsets[count])
            for id in 0..<count {
                let n = min(length(id), 8)
                let s = Int(offsets[id])
                var k: UInt64 = 0
                if s + 8 <= total {
                    // SAFETY: s + 8 ≤ total, so the 8 bytes are inside `bytes`.
                    k = UInt64(bigEndian: UnsafeRawPointer(bytes + s).loadUnaligned(as: UInt64.self))
                    if n < 8 { k &= ~(UInt64.max >> UInt64(8 * n)) }
                } else {
                    for d in 0..<8 { k = k << 8 | (d < n ? UInt64(bytes[s + d]) : 0) }
                }
                keys[id] = k
                ids[id] = Int32(id)
            }
            // 16-bit digits, 4 passes (byte digits, 8 passes with constant digits skipped,
            // measured 6% more instructions and no faster).
            for pass in 0..<4 {
                let shift = UInt64(16 * pass)
                histogram.update(repeating: 0, count: 65536)
                for i in 0..<count { histogram[Int(truncatingIfNeeded: (keys[i] >> shift) & 0xFFFF)] += 1 }
                var sum: Int32 = 0
                for i in 0..<65536 {
                    let c = histogram[i]
                    histogram[i] = sum
                    sum += c
                }
                for i in 0..<count {
                    let d = Int(truncatingIfNeeded: (keys[i] >> shift) & 0xFFFF)
                    let at = Int(histogram[d])
                    histogram[d] = Int32(at + 1)
                    tmpKeys[at] = keys[i]
                    tmpIDs[at] = ids[i]
                }
                swap(&keys, &tmpKeys)
                swap(&ids, &tmpIDs)
            }
            insertionSortTies(keys, ids)
        }
        return result
    }

    /// Orders runs of equal 8-byte keys by their full bytes (runs are short: 6,138 runs, the
    /// longest 141 tokens, in GLM-4).
    private func insertionSortTies(_ keys: UnsafeMutablePointer<UInt64>, _ ids: UnsafeMutablePointer<Int32>) {
        func less(_ a: Int32, _ b: Int32) -> Bool {
            let sa = Int(offsets[Int(a)]), na = length(Int(a))
            let sb = Int(offsets[Int(b)]), nb = length(Int(b))
            var d = 0
            while d < na && d < nb {
                let x = bytes[sa + d], y = bytes[sb + d]
                if x != y { return x < y }
                d += 1
            }
            return na < nb
        }
        var i = 0
        while i < count {
            var j = i + 1
            while j < count && keys[j] == keys[i] { j += 1 }
            if j - i > 1 {
                for k in (i + 1)..<j {
                    let x = ids[k]
                    var m = k
                    while m > i && less(x, ids[m - 1]) {
                        ids[m] = ids[m - 1]
                        m -= 1
                    }
                    ids[m] = x
                }
            }
            i = j
        }
    }

    private mutating func grow() {
        let c = capacity * 2
        func moved<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let q = UnsafeMutablePointer<T>.allocate(capacity: c)
            q.moveInitialize(from: p, count: cells)
            p.deallocate()
            return q
        }
        let (newUnit, newUnitBytes) = FixedBuffer<UInt64>.allocate(c)
        newUnit.moveInitialize(from: unit, count: cells)
        FixedBuffer<UInt64>.deallocate((unit, unitBytes))
        (unit, unitBytes) = (newUnit, newUnitBytes)
        let (newValue, newValueBytes) = FixedBuffer<Int32>.allocate(c)
        newValue.moveInitialize(from: value, count: cells)
        FixedBuffer<Int32>.deallocate((value, valueBytes))
        (value, valueBytes) = (newValue, newValueBytes)
        nextFree = moved(nextFree)
        prevFree = moved(prevFree)
        capacity = c
    }

    private mutating func addBlock() {
        if cells + 256 > capacity { grow() }
        let start = cells
        cells += 256
        for c in start..<(start + 256) {
            unit[c] = Builder.free
            value[c] = -1
            nextFree[c] = Int32(c + 1)
            prevFree[c] = Int32(c - 1)
        }
        // Link start..<start+256 at the tail of the circular list.
        if head < 0 {
            nextFree[start + 255] = Int32(start)
            prevFree[start] = Int32(start + 255)
            head = start
        } else {
            let tail = Int(prevFree[head])
            nextFree[tail] = Int32(start)
            prevFree[start] = Int32(tail)
            nextFree[start + 255] = Int32(head)
            prevFree[head] = Int32(start + 255)
        }
        if start / 256 - firstOpenBlock >= Builder.openBlocks { closeBlock() }
    }

    /// Stops searching the oldest open block (its free cells stay holes).
    private mutating func closeBlock() {
        let end = (firstOpenBlock + 1) * 256
        while head >= 0 && head < end { unlinkFree(head) }
        firstOpenBlock += 1
    }

    @inline(__always)
    private mutating func unlinkFree(_ c: Int) {
        let n = Int(nextFree[c]), p = Int(prevFree[c])
        if n == c {
            head = -1
        } else {
            nextFree[p] = Int32(n)
            prevFree[n] = Int32(p)
            if head == c { head = n }
        }
    }

    @inline(__always)
    private func isFree(_ c: Int) -> Bool { unit[c] >> 32 == UInt64(DoubleArrayTrie.hole) }

    /// A base at which every cell of `labels[0..<n]` is free (allocating blocks as needed).
    private mutating func findBase(_ labels: UnsafePointer<UInt8>, _ n: Int) -> Int {
        if head < 0 { addBlock() }
        var f = head
        while true {
            let b = f ^ Int(labels[0])
            var k = 1
            while k < n && isFree(b ^ Int(labels[k])) { k += 1 }
            if k == n { return b }
            f = Int(nextFree[f])
            if f == head {
                let start = cells
                addBlock()
                // The new block is empty, so it fits any labels.
                return start ^ Int(labels[0])
            }
        }
    }

    mutating func build() {
        let ids = sortedIDs()
        // The tokens' bytes again, in sorted order: a state's range is then contiguous in
        // memory (reading byte `depth` of each token in id order missed D1 ~1M times).
        let total = Int(offsets[count])
        let sorted = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        let at = UnsafeMutablePointer<Int32>.allocate(capacity: count + 1)
        defer { sorted.deallocate(); at.deallocate() }
        var o = 0
        for k in 0..<count {
            let id = Int(ids[k]), s = Int(offsets[id]), n = Int(offsets[id + 1]) - s
            at[k] = Int32(o)
            (sorted + o).initialize(from: bytes + s, count: n)
            o += n
        }
        at[count] = Int32(o)
        addBlock()
        unlinkFree(DoubleArrayTrie.root)
        unit[DoubleArrayTrie.root] = UInt64(DoubleArrayTrie.rootCheck) << 32
        // (state, lo, hi, depth): sorted tokens lo..<hi share the state's path of `depth` bytes.
        var stack: [(Int32, Int32, Int32, Int32)] = []
        stack.reserveCapacity(4096)
        stack.append((0, 0, Int32(count), 0))
        let labels = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        let bounds = UnsafeMutablePointer<Int32>.allocate(capacity: 257)
        defer { labels.deallocate(); bounds.deallocate() }
        ids.withUnsafeBufferPointer { ids in
            while let (state, lo0, hi0, depth0) = stack.popLast() {
                let s = Int(state), hi = Int(hi0), depth = Int(depth0)
                var lo = Int(lo0)
                // Sorted: the token equal to the path (if any) comes first.
                while lo < hi && Int(at[lo + 1] - at[lo]) == depth {
                    if value[s] < 0 { value[s] = ids[lo] }
                    lo += 1
                }
                if lo == hi { continue }
                var n = 0
                var k = lo
                while k < hi {
                    let b = sorted[Int(at[k]) + depth]
                    labels[n] = b
                    bounds[n] = Int32(k)
                    n += 1
                    k += 1
                    while k < hi && sorted[Int(at[k]) + depth] == b { k += 1 }
                }
                bounds[n] = Int32(hi)
                let b = findBase(labels, n)
                unit[s] = unit[s] & 0xFFFF_FFFF_0000_0000 | UInt64(b)
                for j in 0..<n {
                    let c = b ^ Int(labels[j])
                    unlinkFree(c)
                    unit[c] = UInt64(s) << 32
                    stack.append((Int32(c), bounds[j], bounds[j + 1], Int32(depth + 1)))
                }
            }
        }
    }

    /// The finished arrays (adopted, not copied); frees the scratch.
    func finish() -> (units: FixedBuffer<UInt64>, values: FixedBuffer<Int32>) {
        nextFree.deallocate()
        prevFree.deallocate()
        return (FixedBuffer(adopting: (unit, unitBytes), count: cells), FixedBuffer(adopting: (value, valueBytes), count: cells))
    }
}
