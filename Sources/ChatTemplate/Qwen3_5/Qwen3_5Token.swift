/// The special tokens Qwen3.5's chat template itself writes. They are added tokens the
/// tokenizer matches anywhere, so emitting them as ids is what tokenizing the rendered text
/// gives, without running BPE over them.
enum Qwen3_5Token: UInt8, TemplateToken {
    case imStart, imEnd, think, thinkEnd, toolCall, toolCallEnd, toolResponse, toolResponseEnd
    case visionStart, visionEnd, imagePad, videoPad

    /// The token's text, as in `tokenizer_config.json`'s `added_tokens_decoder`.
    var text: String {
        switch self {
        case .imStart: "<|im_start|>"
        case .imEnd: "<|im_end|>"
        case .think: "<think>"
        case .thinkEnd: "</think>"
        case .toolCall: "<tool_call>"
        case .toolCallEnd: "</tool_call>"
        case .toolResponse: "<tool_response>"
        case .toolResponseEnd: "</tool_response>"
        case .visionStart: "<|vision_start|>"
        case .visionEnd: "<|vision_end|>"
        case .imagePad: "<|image_pad|>"
        case .videoPad: "<|video_pad|>"
        }
    }
}
