import JSONScanner

/// Qwen3.5's chat template (placeholder until the renderer lands).
public struct Qwen3_5Template: ConversationTemplate {
    let imStart: Int32, imEnd: Int32

    public init(_ specials: SpecialTokenLookup) throws(TemplateSetupError) {
        imStart = try specials.id("<|im_start|>", for: "qwen3.5")
        imEnd = try specials.id("<|im_end|>", for: "qwen3.5")
    }

    public var family: TemplateFamily { .qwen3_5 }
    public func targetRule(_ mode: LabelMode) -> TargetRule { .segments(shift: 0) }
    public func specialText(_ id: Int32) -> String? { id == imStart ? "<|im_start|>" : id == imEnd ? "<|im_end|>" : nil }
    public func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode,
                       into out: inout RenderedConversation,
                       afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        throw TemplateError("the qwen3.5 template is not implemented yet", at: 0)
    }
}
