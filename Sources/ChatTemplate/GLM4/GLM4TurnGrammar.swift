/// GLM-4's turns in the token stream: each role is its own special token; the shifted mask
/// trains the opener after an assistant message, and `<|assistant|>` right after one is the
/// model's own continuation (its `process_response` splits a reply on that token).
extension GLM4Template: TurnGrammarProviding {
    public var turnGrammar: TurnGrammar {
        TurnGrammar(
            openers: [id(.system): .role("system"), id(.user): .role("user"),
                      id(.assistant): .role("assistant"), id(.observation): .role("observation")],
            isModelRole: { $0 == "assistant" },
            trainsOpenerAfterModel: true,
            continuation: id(.assistant),
            unknownRolesAsText: true,
            answerEnd: id(.user),
            lastTurnEval: .wholeConversationPlusFirstToken,
            messagesRenderAlone: true)
    }
}
