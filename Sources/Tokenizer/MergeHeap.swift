/// A binary min-heap of merge candidates over `MergeScratch.heap`, for the long-piece merges.
///
/// Keys are `rank << 32 | start`, so the lowest rank comes first and, among equal ranks, the
/// leftmost part: tiktoken's merge order. The storage belongs to `MergeScratch`; its capacity
/// (3 × the piece capacity) bounds `count` (n − 1 initial entries plus 2 per merge).
struct MergeHeap {
    /// `base[0..<count]` is the heap (after `heapify`); 8 bytes per entry.
    private let base: UnsafeMutablePointer<UInt64>
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt64>) { self.base = base }

    var isEmpty: Bool { count == 0 }

    /// Adds a key without restoring heap order; call `heapify` before the first `pop`.
    @inline(__always)
    mutating func appendUnordered(_ key: UInt64) {
        // SAFETY: count < capacity (see the type's comment).
        base[count] = key
        count += 1
    }

    /// Floyd's heap construction: O(n) instead of n pushes.
    @inline(__always)
    mutating func heapify() {
        var start = count / 2
        while start > 0 {
            start -= 1
            siftDown(base[start], from: start)
        }
    }

    @inline(__always)
    mutating func push(_ key: UInt64) {
        var i = count
        count += 1
        // SAFETY: indices stay below count, which stays below capacity.
        while i > 0 {
            let parent = (i - 1) >> 1
            if base[parent] <= key { break }
            base[i] = base[parent]
            i = parent
        }
        base[i] = key
    }

    /// The smallest key (the heap is not empty).
    @inline(__always)
    var top: UInt64 { base[0] }

    /// Removes the smallest key.
    @inline(__always)
    mutating func removeTop() {
        count -= 1
        siftDown(base[count], from: 0)
    }

    /// Removes the smallest key and adds `key`, in one sift instead of a sift-down and a
    /// sift-up (a merged part's new pair usually replaces the pair just merged).
    @inline(__always)
    mutating func replaceTop(_ key: UInt64) {
        siftDown(key, from: 0)
    }

    /// Places `key` at `i` or below, moving smaller children up.
    @inline(__always)
    private func siftDown(_ key: UInt64, from i: Int) {
        var i = i
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && base[child + 1] < base[child] { child += 1 }
            if base[child] >= key { break }
            base[i] = base[child]
            i = child
        }
        base[i] = key
    }
}
