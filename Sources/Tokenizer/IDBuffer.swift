/// The ids of the text being encoded, per encoder, handed to the caller's array in one copy at
/// the end of `TokenEncoder.encode`.
///
/// Layout: `base[0 ..< count]` (Int32, 4 bytes each) are ids, `capacity` ≥ count is allocated.
/// Callers `reserve` room first (a text of n bytes has at most n ids: every token is ≥ 1 byte),
/// then `append` without a check: `Array.append` costs a uniqueness check and a capacity check
/// per id, ~13% of the encoder's instructions on the bench corpus (cachegrind).
final class IDBuffer {
    private(set) var base: UnsafeMutablePointer<Int32>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more ids.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never)
    private func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<Int32>.allocate(capacity: c)
        b.moveInitialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    /// Appends one id; room was reserved.
    @inline(__always)
    func append(_ id: Int32) {
        assert(count < capacity)
        // SAFETY: callers reserve before appending, so count < capacity.
        base[count] = id
        count &+= 1
    }

    /// Moves the ids to the end of `ids` and empties the buffer.
    func flush(into ids: inout [Int32]) {
        ids.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
    }
}
