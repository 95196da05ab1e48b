import ChatTemplate
import Labels

/// What to encode and how: the CLI's encoding flags, independent of inputs and workers.
public struct EncodeOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        /// `{"messages": […]}` per line → input_ids and labels (the model's template and rule).
        case chat
        /// `{"text": "…"}` per line → input_ids only.
        case text
    }

    public var format: Format = .chat
    /// Chat: label mode and the cut (`--mode`, `--max-length`, …).
    public var labels = LabelOptions()
    /// Chat: the record shape (`--input-format`) and other template choices.
    public var template = TemplateOptions()
    /// GLM-4's official pair behind the cut, when that is where it came from (for meta.json).
    public var lengthPair: (input: Int, output: Int)? = (512, 512)
    /// Text: the key holding the text, `<|endoftext|>` after each document, and whether
    /// special-token strings in the text become their ids (the reference's default) or stay text.
    public var textKey = "text"
    public var appendEOD = false
    public var specialTokens = true
    /// Chat: `--pack N` (bins of at most N tokens; records longer than N are cut to N).
    public var packing: PackingOptions?
    /// Chat: evaluation rows (`--eval`, `EvalRecordEncoder`) instead of training rows.
    public var eval = false

    public init() {}
}
