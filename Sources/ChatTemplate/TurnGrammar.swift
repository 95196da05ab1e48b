/// How a family's token stream shows its turns, so that a written dataset (ids and labels only)
/// can be split back into messages: the label audit and evaluation rows read it. Each family
/// states its own facts in its folder (`GLM4TurnGrammar.swift`, …); nothing generic asks which
/// family it is.
public struct TurnGrammar: Sendable {
    /// What a turn-opening special token says about the message it opens.
    public enum Opener: Sendable, Equatable {
        /// The token names the role itself (GLM-4's `<|user|>`).
        case role(String)
        /// The role is the text after the token, up to `roleTextEnd` or the next special token
        /// (ChatML's `<|im_start|>assistant\n`, gpt-oss's `<|start|>assistant<|channel|>`).
        case roleInText
    }

    /// Turn-opening special tokens, by id.
    public var openers: [Int32: Opener]
    /// For `.roleInText`: the byte that ends the role text (`\n`), or nil when only a special
    /// token ends it.
    public var roleTextEnd: UInt8?
    /// Whether a message of this role is the model's (`assistant`; gpt-oss also
    /// `assistant to=functions.NAME`).
    public var isModelRole: @Sendable (String) -> Bool
    /// The name a role is reported under (gpt-oss writes the function into the role text:
    /// `functions.get_weather to=assistant` is reported as `functions.* to=assistant`).
    public var roleName: @Sendable (String) -> String = { $0 }
    /// Whether the family's rule trains the opener that follows a model message (GLM-4's
    /// shifted mask: the next `<|user|>`, `<|observation|>` or the closing `<|user|>` ends the
    /// model's turn). When false, no opener is ever a target.
    public var trainsOpenerAfterModel: Bool
    /// An opener that, trained right after a model message, continues that message on purpose
    /// (GLM-4: `<|assistant|>` between two assistant messages; the model writes it itself).
    public var continuation: Int32?
    /// Whether a role without a special token is rendered as text `<|name|>` (GLM-4), which the
    /// audit reports.
    public var unknownRolesAsText: Bool
    /// Evaluation rows: the token every answer ends with (GLM-4's official eval appends
    /// `<|user|>`); nil when the answer's own end-of-turn token closes it.
    public var answerEnd: Int32?
    /// Evaluation rows in last-turn mode.
    public var lastTurnEval: LastTurnEval
    /// Whether per-turn rendering renders each message on its own (text never joins across
    /// messages), so the token count after each message is that message's end (GLM-4's
    /// `process_message` path). Evaluation rows then find every message, an empty one too;
    /// otherwise they split the stream at the openers.
    public var messagesRenderAlone: Bool

    public enum LastTurnEval: Sendable, Equatable {
        /// The last per-turn example.
        case lastExample
        /// GLM-4's official `combine: True` eval: the whole rendered conversation (cut to
        /// max_input_length) plus its first token as input, everything from the last model
        /// opener plus `answerEnd` as output.
        case wholeConversationPlusFirstToken
    }

    public init(openers: [Int32: Opener], roleTextEnd: UInt8? = nil, isModelRole: @escaping @Sendable (String) -> Bool,
                trainsOpenerAfterModel: Bool, continuation: Int32? = nil, unknownRolesAsText: Bool = false,
                answerEnd: Int32? = nil, lastTurnEval: LastTurnEval = .lastExample, messagesRenderAlone: Bool = false) {
        self.openers = openers
        self.roleTextEnd = roleTextEnd
        self.isModelRole = isModelRole
        self.trainsOpenerAfterModel = trainsOpenerAfterModel
        self.continuation = continuation
        self.unknownRolesAsText = unknownRolesAsText
        self.answerEnd = answerEnd
        self.lastTurnEval = lastTurnEval
        self.messagesRenderAlone = messagesRenderAlone
    }
}

/// A template whose family states its `TurnGrammar`. A family without one is still encoded;
/// only `audit` and `--eval` need it.
public protocol TurnGrammarProviding {
    var turnGrammar: TurnGrammar { get }
}
