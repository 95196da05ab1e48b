/// One unit between template and tokenizer: a special token, or text that is tokenized on its
/// own (special-token strings inside it still become their ids, and the pieces between them
/// are BPE-encoded separately). The renderer never splits text the tokenizer would see as one
/// piece sequence, so encoding each segment separately equals encoding what the reference does.
///
/// Layout: 12 bytes. `special`: 0 for text, else a `TemplateToken` raw value. `trainable`: the
/// per-turn loss flag of the message the segment belongs to (unused in last-turn mode).
/// `start..<end`: the text's bytes in `RenderedConversation.bytes` (empty for specials).
public struct Segment: Sendable, Equatable {
    var specialRaw: UInt8
    public var trainable: Bool
    public var start: UInt32
    public var end: UInt32

    /// The special token, or nil for text.
    public var special: TemplateToken? { TemplateToken(rawValue: specialRaw) }
}
