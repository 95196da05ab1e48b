/// A fixed-size, heap-allocated array of trivial values owned by a class, so that lookup tables
/// can hand out a stable base pointer for the lifetime of their owner (no `withUnsafe…` closure
/// per call on the hot path). Immutable after `init` fills it.
///
/// Buffers of `LargePages.threshold` bytes or more live in `LargePages` regions (the tables an
/// encode walks at random); smaller ones on the heap.
final class FixedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked Sendable: written only inside the initializer's `fill` closure, read-only afterwards.
    let base: UnsafeMutablePointer<Element>
    let count: Int
    /// The `LargePages` byte count `base` was allocated with, or 0 for the heap.
    private let largeBytes: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        (base, largeBytes) = FixedBuffer.allocate(Swift.max(count, 1))
        base.initialize(repeating: value, count: Swift.max(count, 1))
    }

    init(_ array: [Element]) {
        count = array.count
        (base, largeBytes) = FixedBuffer.allocate(Swift.max(count, 1))
        array.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    /// Takes ownership of `base` (from `FixedBuffer.allocate(capacity)` with capacity ≥
    /// max(count, 1), `count` initialized).
    init(adopting allocation: (base: UnsafeMutablePointer<Element>, largeBytes: Int), count: Int) {
        self.count = count
        base = allocation.base
        largeBytes = allocation.largeBytes
    }

    deinit { FixedBuffer.deallocate((base, largeBytes)) }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Uninitialized room for `capacity` elements: a `LargePages` region when that is at least
    /// `LargePages.threshold` bytes (then `largeBytes` is its size), else the heap (0).
    static func allocate(_ capacity: Int) -> (base: UnsafeMutablePointer<Element>, largeBytes: Int) {
        let bytes = capacity * MemoryLayout<Element>.stride
        if bytes < LargePages.threshold { return (.allocate(capacity: capacity), 0) }
        return (LargePages.allocate(byteCount: bytes).bindMemory(to: Element.self, capacity: capacity), bytes)
    }

    /// Frees what `allocate` returned.
    static func deallocate(_ allocation: (base: UnsafeMutablePointer<Element>, largeBytes: Int)) {
        if allocation.largeBytes == 0 {
            allocation.base.deallocate()
        } else {
            LargePages.deallocate(allocation.base, byteCount: allocation.largeBytes)
        }
    }
}
