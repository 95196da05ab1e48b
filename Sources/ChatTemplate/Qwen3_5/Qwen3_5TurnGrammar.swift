/// Qwen3.5's turns in the token stream: `<|im_start|>` + role + `\n`; the rule never trains
/// `<|im_start|>` (targets end at `<|im_end|>`, the `\n` after it is not one).
extension Qwen3_5Template: TurnGrammarProviding {
    public var turnGrammar: TurnGrammar {
        TurnGrammar(
            openers: [id(.imStart): .roleInText],
            roleTextEnd: UInt8(ascii: "\n"),
            isModelRole: { $0 == "assistant" },
            trainsOpenerAfterModel: false)
    }
}
