/// The output of rendering one conversation: segments over one byte buffer. Reused per record
/// (`reset` keeps the capacity), so a worker renders without allocating after warm-up.
public struct RenderedConversation: Sendable {
    /// All text segments' bytes, back to back.
    public private(set) var bytes: [UInt8] = []
    public private(set) var segments: [Segment] = []
    /// Whether the last segment is text that the next text may extend.
    private var textOpen = false

    public init() {
        bytes.reserveCapacity(1 << 14)
        segments.reserveCapacity(64)
    }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        segments.removeAll(keepingCapacity: true)
        textOpen = false
    }

    /// The text of segment `i` (empty for a special token).
    public func text(_ i: Int) -> ArraySlice<UInt8> {
        bytes[Int(segments[i].start)..<Int(segments[i].end)]
    }

    /// The index one past the last segment of the run that starts at segment `i` (a special
    /// token is a run of its own; text runs are chained by `joinsPrevious`).
    @inline(__always)
    public func runEnd(from i: Int) -> Int {
        var j = i + 1
        if segments[i].specialID < 0 {
            while j < segments.count && segments[j].joinsPrevious { j += 1 }
        }
        return j
    }

    /// The segments' texts concatenated, special tokens written by `specialText`: what the
    /// family's Jinja template renders. For tests and debugging, not the hot path.
    public func renderedText(specialText: (Int32) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, s) in segments.enumerated() {
            if let id = s.special { out += specialText(id) } else { out += text(i) }
        }
        return out
    }

    // MARK: building (for the families' templates)

    public mutating func appendSpecial(_ id: Int32, trainable: Bool) {
        segments.append(Segment(specialID: id, start: UInt32(bytes.count), end: UInt32(bytes.count),
                                trainable: trainable, joinsPrevious: false))
        textOpen = false
    }

    /// Ends the current text run: the next text starts a new one even if adjacent (GLM-4's
    /// per-turn mode tokenizes each message on its own).
    public mutating func breakText() { textOpen = false }

    /// Whether the last text run is finished (the next text starts a new run).
    public var runIsClosed: Bool { !textOpen }

    /// Appends text, extending the open run (contiguous text is one tokenizer input); a change
    /// of `trainable` inside a run starts a segment that joins the previous one.
    @inline(__always)
    public mutating func appendText(_ text: UnsafeRawBufferPointer, trainable: Bool) {
        guard !text.isEmpty else { return }
        openText(trainable: trainable)
        bytes.append(contentsOf: text.assumingMemoryBound(to: UInt8.self))
        segments[segments.count - 1].end = UInt32(bytes.count)
    }

    @inline(__always)
    public mutating func appendText(_ text: [UInt8], trainable: Bool) {
        text.withUnsafeBytes { appendText($0, trainable: trainable) }
    }

    @inline(__always)
    public mutating func appendText(_ text: StaticString, trainable: Bool) {
        appendText(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), trainable: trainable)
    }

    /// Runs `write` to append text to `bytes` directly (decoders, JSON writers).
    @inline(__always)
    public mutating func appendText(trainable: Bool, _ write: (inout [UInt8]) -> Void) {
        let opened = openText(trainable: trainable)
        write(&bytes)
        let last = segments.count - 1
        segments[last].end = UInt32(bytes.count)
        if opened && segments[last].start == segments[last].end {
            // Nothing was written: drop the segment, and the run is as it was before.
            let joined = segments[last].joinsPrevious
            segments.removeLast()
            textOpen = joined
        }
    }

    /// Makes the last segment open text with flag `trainable`; returns whether it appended one.
    @inline(__always)
    @discardableResult
    private mutating func openText(trainable: Bool) -> Bool {
        if textOpen {
            if segments[segments.count - 1].trainable == trainable { return false }
            segments.append(Segment(specialID: -1, start: UInt32(bytes.count), end: UInt32(bytes.count),
                                    trainable: trainable, joinsPrevious: true))
            return true
        }
        segments.append(Segment(specialID: -1, start: UInt32(bytes.count), end: UInt32(bytes.count),
                                trainable: trainable, joinsPrevious: false))
        textOpen = true
        return true
    }
}
