/// gpt-oss's turns in the token stream: `<|start|>` + role text up to the next special token
/// (`<|start|>assistant<|channel|>…`, `<|start|>assistant to=functions.NAME<|channel|>…`,
/// `<|start|>functions.NAME to=assistant<|channel|>…`). The model's roles are `assistant` and
/// `assistant …`. The rule trains no `<|start|>` but one: where one assistant message renders two
/// Harmony messages (the last turn's analysis, then its final answer), the model writes the
/// second `<|start|>assistant` itself, so it is a target that continues the message.
extension GptOssTemplate: TurnGrammarProviding {
    public var turnGrammar: TurnGrammar {
        var g = TurnGrammar(
            openers: [id(.start): .roleInText],
            roleTextEnd: nil,
            isModelRole: { $0 == "assistant" || $0.hasPrefix("assistant ") },
            trainsOpenerAfterModel: false,
            continuation: id(.start))
        g.roleName = { role in
            // One name per kind of message, not per function.
            if role.hasPrefix("assistant to=functions.") { return "assistant to=functions.*" }
            if role.hasPrefix("functions."), role.hasSuffix(" to=assistant") { return "functions.* to=assistant" }
            return role
        }
        return g
    }
}
