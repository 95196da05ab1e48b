/// The chat template families Tokenpack renders exactly. Adding a family is a folder beside
/// `GLM4/` and one line in `all`.
public struct TemplateFamily: Sendable, Equatable, CustomStringConvertible {
    /// As `--template` and `meta.json` spell it.
    public let name: String
    /// Whether a model's Jinja `chat_template` (from `tokenizer_config.json`) is this family's.
    let recognize: @Sendable (String) -> Bool
    /// The template over the model's special tokens.
    let make: @Sendable (SpecialTokenLookup, TemplateOptions) throws(TemplateSetupError) -> any ConversationTemplate
    /// Whether sequences are cut when the user asks for no cut: GLM-4's official code always
    /// cuts to max_input_length + max_output_length + 1; other families keep whole sequences.
    public let truncatesByDefault: Bool

    public var description: String { name }

    public static func == (a: TemplateFamily, b: TemplateFamily) -> Bool { a.name == b.name }

    public func makeTemplate(_ specials: SpecialTokenLookup, options: TemplateOptions = TemplateOptions()) throws(TemplateSetupError) -> any ConversationTemplate {
        try make(specials, options)
    }

    /// Every family, in the order `--help` and errors list them.
    public static let all: [TemplateFamily] = [.glm4, .qwen3_5, .gptOSS]

    public static func named(_ name: String) -> TemplateFamily? { all.first { $0.name == name } }

    /// The family whose template `chatTemplate` is, if any.
    public static func recognizing(_ chatTemplate: String) -> TemplateFamily? {
        all.first { $0.recognize(chatTemplate) }
    }
}
