extension TemplateFamily {
    /// Qwen3.5 / Qwen3.6: ChatML turns with thinking blocks and XML tool calls.
    public static let qwen3_5 = TemplateFamily(
        name: "qwen3.5",
        recognize: { $0.contains("<|im_start|>") && $0.contains("last_query_index") && $0.contains("<tool_call>\\n<function=") },
        // Its own form is OpenAI's, so both input formats are the same.
        make: { (s: SpecialTokenLookup, _: TemplateOptions) throws(TemplateSetupError) -> any ConversationTemplate in try Qwen3_5Template(s) },
        truncatesByDefault: false)
}
