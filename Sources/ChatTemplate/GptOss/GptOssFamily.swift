extension TemplateFamily {
    /// gpt-oss (Harmony): `<|start|>ROLE<|channel|>…<|message|>…<|end|>` messages, a dated system
    /// block, tools as TypeScript in a developer block.
    public static let gptOSS = TemplateFamily(
        name: "gpt-oss",
        // Its message framing, the final channel and its TypeScript tool macro.
        recognize: { $0.contains("<|start|>assistant") && $0.contains("<|channel|>final<|message|>") && $0.contains("render_typescript_type") },
        // Its own form is OpenAI's, so both input formats are the same.
        make: { (s: SpecialTokenLookup, o: TemplateOptions) throws(TemplateSetupError) -> any ConversationTemplate in
            try GptOssTemplate(s, date: o.date ?? .today())
        },
        truncatesByDefault: false)
}
