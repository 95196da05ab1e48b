/// A fixed-size, heap-allocated array of trivial values owned by a class, so that lookup tables
/// can hand out a stable base pointer for the lifetime of their owner (no `withUnsafe…` closure
/// per call on the hot path). Immutable after `init` fills it.
final class FixedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked Sendable: written only inside the initializer's `fill` closure, read-only afterwards.
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: Swift.max(count, 1))
    }

    init(_ array: [Element]) {
        count = array.count
        base = .allocate(capacity: Swift.max(count, 1))
        array.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    /// Takes ownership of `base` (allocated with capacity ≥ max(count, 1), `count` initialized).
    init(adopting base: UnsafeMutablePointer<Element>, count: Int) {
        self.count = count
        self.base = base
    }

    deinit { base.deallocate() }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}
