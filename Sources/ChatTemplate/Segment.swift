/// One unit between template and tokenizer: a special token (already its id), or text.
///
/// Text segments are tokenized in *runs*: a segment with `joinsPrevious` continues the text of
/// the segment before it, and the run is tokenized as one input (so `\n` + `\n` across a
/// segment boundary is still the one token `\n\n`). A run exists to carry a change of the
/// trainable flag inside text the tokenizer must see whole; the label rule then decides each
/// token by the segment holding its first byte (what transformers' offset mapping does).
/// Special-token strings inside text still become their ids when the tokenizer is asked to.
///
/// Layout: 16 bytes. `specialID`: the token id, or -1 for text. `trainable`: the flag the
/// family's label rule reads (see `TargetRule`). `joinsPrevious`: text only; the previous
/// segment is text and ends where this one starts. `start..<end`: the text's bytes in
/// `RenderedConversation.bytes` (empty for specials).
public struct Segment: Sendable, Equatable {
    public var specialID: Int32
    public var start: UInt32
    public var end: UInt32
    public var trainable: Bool
    public var joinsPrevious: Bool

    /// The special token's id, or nil for text.
    @inline(__always)
    public var special: Int32? { specialID >= 0 ? specialID : nil }
}
