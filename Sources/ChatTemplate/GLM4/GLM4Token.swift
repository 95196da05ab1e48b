/// The special tokens GLM-4's chat template itself emits. The tokenizer still finds every special
/// token string inside text (content can hold `<|user|>`); these are the ones whose position the
/// template knows, so they never go through BPE.
enum GLM4Token: UInt8, TemplateToken {
    case gMASK = 1, sop, system, user, assistant, observation

    /// The token's text, as in `tokenizer_config.json`.
    var text: String {
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
        // Byte compares against the static names: the generic `elementsEqual` on a String's
        // UTF-8 view cost ~390 instructions per message.
        func isRole(_ name: StaticString) -> Bool {
            guard role.count == name.utf8CodeUnitCount else { return false }
            let p = name.utf8Start
            for i in 0..<role.count where role[i] != p[i] { return false }
            return true
        }
        switch role.count {
        case 4 where isRole("user"): self = .user
        case 6 where isRole("system"): self = .system
        case 9 where isRole("assistant"): self = .assistant
        case 11 where isRole("observation"): self = .observation
        default: return nil
        }
    }
}
