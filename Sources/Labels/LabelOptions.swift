import ChatTemplate

/// Options of the chat encoding: which turns are trained on and where sequences are cut.
public struct LabelOptions: Sendable, Equatable {
    public var mode: LabelMode = .perTurn
    /// Cut ids and labels to this many tokens; nil keeps whole sequences. Like a Python slice
    /// (GLM-4's official `[:max_input_length + max_output_length + 1]`), a negative value drops
    /// that many tokens from the end.
    public var maxLength: Int?

    public init(mode: LabelMode = .perTurn, maxLength: Int?) {
        self.mode = mode
        self.maxLength = maxLength
    }

    /// GLM-4's official pair: the cut is `maxInputLength + maxOutputLength + 1` (or none).
    public init(mode: LabelMode = .perTurn, maxInputLength: Int = 512, maxOutputLength: Int = 512, truncate: Bool = true) {
        self.init(mode: mode, maxLength: truncate ? maxInputLength + maxOutputLength + 1 : nil)
    }
}

/// The label of a token that is not a training target (PyTorch's `ignore_index`).
public let ignoreIndex: Int32 = -100

/// What a cut removed from one record: tokens, and of them training targets.
public struct Truncation: Sendable, Equatable {
    public var tokens = 0
    public var targets = 0
    public init(tokens: Int = 0, targets: Int = 0) {
        self.tokens = tokens
        self.targets = targets
    }
}
