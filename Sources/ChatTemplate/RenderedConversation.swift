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

    /// The segments' texts concatenated (special tokens as their strings): what the reference
    /// template renders. For tests and debugging, not the hot path.
    public var renderedText: [UInt8] {
        var out: [UInt8] = []
        for (i, s) in segments.enumerated() {
            if let sp = s.special { out += Array(sp.text.utf8) } else { out += text(i) }
        }
        return out
    }

    // MARK: building

    mutating func appendSpecial(_ token: TemplateToken, trainable: Bool) {
        segments.append(Segment(specialRaw: token.rawValue, trainable: trainable,
                                start: UInt32(bytes.count), end: UInt32(bytes.count)))
        textOpen = false
    }

    /// Ends the current text segment: the next text starts a new one even if adjacent (per-turn
    /// mode tokenizes each message on its own).
    mutating func breakText() { textOpen = false }

    /// Appends text, extending the open text segment (contiguous text is one tokenizer input).
    @inline(__always)
    mutating func appendText(_ text: UnsafeRawBufferPointer, trainable: Bool) {
        guard !text.isEmpty else { return }
        openText(trainable: trainable)
        bytes.append(contentsOf: text.assumingMemoryBound(to: UInt8.self))
        segments[segments.count - 1].end = UInt32(bytes.count)
    }

    @inline(__always)
    mutating func appendText(_ text: [UInt8], trainable: Bool) {
        text.withUnsafeBytes { appendText($0, trainable: trainable) }
    }

    /// Runs `write` to append text to `bytes` directly (decoders, JSON writers).
    @inline(__always)
    mutating func appendText(trainable: Bool, _ write: (inout [UInt8]) -> Void) {
        let opened = !textOpen
        openText(trainable: trainable)
        write(&bytes)
        segments[segments.count - 1].end = UInt32(bytes.count)
        if opened && segments[segments.count - 1].start == segments[segments.count - 1].end {
            segments.removeLast()  // nothing was written
            textOpen = false
        }
    }

    @inline(__always)
    private mutating func openText(trainable: Bool) {
        if !textOpen {
            segments.append(Segment(specialRaw: 0, trainable: trainable,
                                    start: UInt32(bytes.count), end: UInt32(bytes.count)))
            textOpen = true
        }
    }
}
