/// The special tokens the chat template itself emits. The tokenizer still finds every special
/// token string inside text (content can hold `<|user|>`); these are the ones whose position the
/// template knows, so they never go through BPE.
public enum TemplateToken: UInt8, Sendable, CaseIterable {
    case gMASK = 1, sop, system, user, assistant, observation

    /// The token's text, as in `tokenizer_config.json`.
    public var text: String {
        switch self {
        case .gMASK: "[gMASK]"
        case .sop: "<sop>"
        case .system: "<|system|>"
        case .user: "<|user|>"
        case .assistant: "<|assistant|>"
        case .observation: "<|observation|>"
        }
    }

    /// The special token for a role whose `<|role|>` is one, else nil (the role is plain text).
    init?(role: UnsafeRawBufferPointer) {
        switch role.count {
        case 4 where role.elementsEqual("user".utf8): self = .user
        case 6 where role.elementsEqual("system".utf8): self = .system
        case 9 where role.elementsEqual("assistant".utf8): self = .assistant
        case 11 where role.elementsEqual("observation".utf8): self = .observation
        default: return nil
        }
    }
}
