extension TemplateFamily {
    /// GLM-4 (glm-4-9b-chat): `[gMASK]<sop>`, `<|role|>` turns, tools in the system block.
    public static let glm4 = TemplateFamily(
        name: "glm4",
        // The official template's opening and its tools preamble.
        recognize: { $0.contains("[gMASK]<sop>") && $0.contains("<|assistant|>") },
        make: { (s: SpecialTokenLookup, o: TemplateOptions) throws(TemplateSetupError) -> any ConversationTemplate in
            try GLM4Template(s, inputFormat: o.inputFormat)
        },
        truncatesByDefault: true)
}
