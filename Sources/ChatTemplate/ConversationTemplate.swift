import JSONScanner

/// Which turns are trained on. Each family says what the two modes mean for its format.
public enum LabelMode: String, Sendable, CaseIterable {
    /// Every turn the model wrote (GLM-4: the official default, `combine: False`).
    case perTurn = "per-turn"
    /// Only the last assistant turn (GLM-4: the official `combine: True` path).
    case lastTurn = "last-turn"
}

/// The shape of the input records.
public enum InputFormat: String, Sendable, CaseIterable {
    /// The family's own form: GLM-4's official records (`observation`, `metadata`, tools on the
    /// system message); for families whose own form is OpenAI's, the same as `openai`.
    case native
    /// OpenAI messages: `system|user|assistant|tool` roles, `tool_calls`, top-level `tools`.
    case openai
}

/// Choices a user makes about a template, beside the model.
public struct TemplateOptions: Sendable, Equatable {
    public var inputFormat: InputFormat = .native
    /// The date a template that prints one writes (gpt-oss's `Current date:`); nil: the day the
    /// template is made, in UTC (for a job, its start date).
    public var date: TemplateDate?
    public init(inputFormat: InputFormat = .native, date: TemplateDate? = nil) {
        self.inputFormat = inputFormat
        self.date = date
    }
}

/// How a family turns the trainable flags of its segments into labels: the part of its label
/// rule that the generic labeller (Labels) carries out. The rule in words lives with the
/// family's template.
public enum TargetRule: Sendable, Equatable {
    /// Token `i` is a target exactly when token `i - shift` came from a trainable segment (for a
    /// text run, the segment holding the token's first byte); the first `shift` tokens are not.
    /// `shift: 0` is transformers' offset rule, `shift: 1` GLM-4's official mask shifted right.
    case segments(shift: Int)
    /// Token `i` is a target exactly when it comes at least `distance` positions after the last
    /// token with id `id` (however it arose: a template token or the string inside content);
    /// a record with no such token is rejected with `missing` as the reason.
    case afterLastToken(id: Int32, distance: Int, missing: String)
}

/// A family's chat template: a parsed conversation record → segments that already carry the
/// ids of the template's special tokens and the flags its label rule reads.
///
/// Implementations are immutable values made once per job (`TemplateFamily.makeTemplate`),
/// shared by all workers; all per-record state lives in the caller's `RenderedConversation`.
public protocol ConversationTemplate: Sendable {
    /// The family's name, as `--template` and `meta.json` spell it.
    var family: TemplateFamily { get }

    /// The label rule's mechanics for `mode` (see `TargetRule`).
    func targetRule(_ mode: LabelMode) -> TargetRule

    /// Renders the conversation in `record` (already parsed into `tape`) into `out`, replacing
    /// its contents, calling `afterMessage` with `out` after each message's segments are
    /// appended. Once it returns false the rest is only checked: every error the full rendering
    /// would throw is still thrown, but nothing more need be appended (a per-turn encoder that
    /// reached its cut needs no more text). A template may call it less often than once per
    /// message (when it must see the whole conversation first), but at least once at the end.
    func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode,
                into out: inout RenderedConversation,
                afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError)

    /// The text a special id stands for, for tests and views (`<|user|>`); nil if not the
    /// template's own.
    func specialText(_ id: Int32) -> String?

    /// The date this template prints (recorded in `meta.json`); nil for a template that prints
    /// none (the default).
    var date: TemplateDate? { get }
}

extension ConversationTemplate {
    public var date: TemplateDate? { nil }

    public func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode,
                       into out: inout RenderedConversation) throws(TemplateError) {
        try render(tape, record: record, mode: mode, into: &out) { _ in true }
    }

    /// The rendered text with this template's specials written out (tests, debugging).
    public func renderedText(_ out: RenderedConversation) -> String {
        String(decoding: out.renderedText { Array((specialText($0) ?? "<\($0)>").utf8) }, as: UTF8.self)
    }
}

/// The special tokens a template needs, looked up by text in the model's tokenizer.
public struct SpecialTokenLookup: Sendable {
    private let lookup: @Sendable (String) -> Int32?
    public init(_ lookup: @escaping @Sendable (String) -> Int32?) { self.lookup = lookup }

    /// The id of `text`, or an error naming the family and the token.
    public func id(_ text: String, for family: String) throws(TemplateSetupError) -> Int32 {
        guard let id = lookup(text) else { throw TemplateSetupError(message: "the tokenizer has no special token \(text), which the \(family) template needs") }
        return id
    }
}

public struct TemplateSetupError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
