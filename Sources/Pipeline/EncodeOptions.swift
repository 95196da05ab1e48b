import Labels

/// What to encode and how: the CLI's encoding flags, independent of inputs and workers.
public struct EncodeOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        /// `{"messages": […]}` per line → input_ids and labels (GLM-4 template and loss mask).
        case chat
        /// `{"text": "…"}` per line → input_ids only.
        case text
    }

    public var format: Format = .chat
    /// Chat: label mode and lengths (`--mode`, `--max-input-length`, …).
    public var labels = LabelOptions()
    /// Text: the key holding the text, `<|endoftext|>` after each document, and whether
    /// special-token strings in the text become their ids (the reference's default) or stay text.
    public var textKey = "text"
    public var appendEOD = false
    public var specialTokens = true
    /// A tiktoken-format vocabulary; nil for the bundled GLM-4 one (sha256-checked).
    public var tokenizerPath: String? = nil

    public init() {}
}
