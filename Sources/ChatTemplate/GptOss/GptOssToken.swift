/// The special tokens gpt-oss's chat template itself writes (Harmony). They are added tokens
/// the tokenizer matches anywhere, so emitting them as ids is what tokenizing the rendered text
/// gives.
enum GptOssToken: UInt8, TemplateToken {
    case start, end, message, channel, `return`, call

    /// The token's text, as in `tokenizer_config.json`'s `added_tokens_decoder`.
    var text: String {
        switch self {
        case .start: "<|start|>"
        case .end: "<|end|>"
        case .message: "<|message|>"
        case .channel: "<|channel|>"
        case .return: "<|return|>"
        case .call: "<|call|>"
        }
    }
}
