/// A string that is never split by the pre-tokenizer and maps to one id of its own
/// (GLM-4: `<|user|>` → 151336 and 13 others).
public struct SpecialToken: Sendable, Equatable {
    /// The UTF-8 bytes of the token's text.
    public var text: [UInt8]
    public var id: Int32

    public init(text: String, id: Int32) {
        self.text = Array(text.utf8)
        self.id = id
    }
}
