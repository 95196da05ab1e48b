/// Which of the official rules decides the training targets.
public enum LabelMode: String, Sendable, CaseIterable {
    /// The official default (`combine: False`): every non-system/user/observation message is
    /// trained on. See `SegmentLabeler.perTurnLabels`.
    case perTurn = "per-turn"
    /// The official `combine: True` path: only the last assistant turn is trained on.
    /// See `SegmentLabeler.lastTurnLabels`.
    case lastTurn = "last-turn"
}

/// Options of the chat encoding, named after the official fine-tuning config.
public struct LabelOptions: Sendable, Equatable {
    public var mode: LabelMode = .perTurn
    public var maxInputLength = 512
    public var maxOutputLength = 512
    /// Cut ids and labels to `maxInputLength + maxOutputLength + 1`; false is `--no-truncate`.
    public var truncate = true

    public init(mode: LabelMode = .perTurn, maxInputLength: Int = 512, maxOutputLength: Int = 512, truncate: Bool = true) {
        self.mode = mode
        self.maxInputLength = maxInputLength
        self.maxOutputLength = maxOutputLength
        self.truncate = truncate
    }

    /// The official cut, `[:max_input_length + max_output_length + 1]`, or nil for none.
    /// Like a Python slice, a negative value drops that many tokens from the end.
    public var maxLength: Int? { truncate ? maxInputLength + maxOutputLength + 1 : nil }
}

/// The label of a token that is not a training target (PyTorch's `ignore_index`).
public let ignoreIndex: Int32 = -100
