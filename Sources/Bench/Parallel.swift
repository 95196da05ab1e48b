import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body(part)` for `part` in 0..<parts on `parts` threads at once (inline for one) and
/// returns the wall-clock seconds from the first start to the last finish.
func timedParallel(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
    let start = monotonicSeconds()
    if parts == 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    }
    return monotonicSeconds() - start
}

/// `0..<count` cut into `parts` contiguous ranges whose sizes differ by at most one.
func split(_ count: Int, into parts: Int) -> [Range<Int>] {
    split(0 ..< count, into: parts)
}

/// `range` cut into `parts` contiguous ranges whose sizes differ by at most one.
func split(_ range: Range<Int>, into parts: Int) -> [Range<Int>] {
    let count = range.count, base = range.lowerBound
    return (0..<parts).map { p in (base + count * p / parts) ..< (base + count * (p + 1) / parts) }
}

/// Per-part results written by concurrent parts, each to its own slot.
final class PartResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T]
    init(_ count: Int, _ initial: T) { values = Array(repeating: initial, count: count) }
    func set(_ i: Int, _ v: T) { lock.withLock { values[i] = v } }
    var all: [T] { lock.withLock { values } }
}

/// One value per part, made before a run and kept across the calls of that run, so that every
/// slice a part works on finds the scratch state (and the tokenizer's piece cache) the part's
/// earlier slices left, as a pipeline worker does. Part `p`'s box is only touched by the
/// thread running part `p`; the array of boxes itself is never mutated.
final class PartLocal<T>: @unchecked Sendable {
    final class Box { var value: T; init(_ value: T) { self.value = value } }
    private let boxes: [Box]
    init(_ parts: Int, _ make: () -> T) { boxes = (0 ..< parts).map { _ in Box(make()) } }
    subscript(part: Int) -> Box { boxes[part] }
}

func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// User + system CPU seconds of the whole process (every thread) so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
