import JSONScanner

/// gpt-oss's chat template (Harmony; `chat_template.jinja` in `../shared/models/gpt_oss`),
/// rendered to segments from an OpenAI-messages record `{"messages": [...], "tools": [...]}`, as
/// transformers' `apply_chat_template(messages, tools=tools, tokenize=False)` renders it (no
/// generation prompt, no template kwargs), with `strftime_now` giving `date`.
///
/// - The system block: `<|start|>system<|message|>You are ChatGPT, a large language model
///   trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: YYYY-MM-DD\n\nReasoning:
///   medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every
///   message.`, plus `\nCalls to these tools must go to the commentary channel: 'functions'.`
///   when tools are given (a non-empty list), then `<|end|>`.
/// - A first `system` or `developer` message is taken out of the loop. If its content is
///   non-empty, or tools are given: `<|start|>developer<|message|>`, `# Instructions\n\n{content}\n\n`
///   (non-empty content), `# Tools\n\n## functions\n\nnamespace functions {\n\n` + each tool as
///   the Jinja macros write it (`GptOssTypeScript`) + `} // namespace functions` (tools), `<|end|>`.
/// - user: `<|start|>user<|message|>{content}<|end|>`. Other roles render nothing.
/// - assistant without `tool_calls`: `<|start|>assistant<|channel|>final<|message|>{content}`
///   and `<|end|>`, or `<|return|>` when it is the last message; only then a `thinking` field
///   is rendered, as `<|start|>assistant<|channel|>analysis<|message|>{thinking}<|end|>` before
///   it. A final answer closes the open tool call.
/// - assistant with `tool_calls`: only the first call (its `function` if present):
///   `<|start|>assistant to=functions.NAME<|channel|>commentary json<|message|>{arguments|tojson}<|call|>`
///   (`content_type` instead of `json` if given). Before it, the content (or else thinking) as
///   an analysis message, unless a later assistant message without `tool_calls` exists.
/// - tool: `<|start|>functions.NAME to=assistant<|channel|>commentary<|message|>{content|tojson}<|end|>`,
///   NAME from the open call; with none open the template raises `Message has tool role, but
///   there was no previous assistant message with a tool call!`.
/// - Assistant content or thinking holding `<|channel|>analysis<|message|>` or
///   `<|channel|>final<|message|>` raises; so do content and thinking together in a call message.
/// The template is not monotone (a turn's `<|return|>` becomes `<|end|>` once more messages
/// follow; an analysis message disappears once a later final answer exists), so the whole
/// conversation is read before anything is rendered.
///
/// **Label rule** (the kit's README, token by token; `.segments(shift: 0)`: a token is a target
/// exactly when the segment holding its first byte is trainable):
/// - per-turn: for every assistant message, everything it renders after its opening
///   `<|start|>assistant`, through its `<|end|>`, `<|call|>` or `<|return|>`, is a target:
///   the channel headers (`<|channel|>final<|message|>`, ` to=functions.NAME<|channel|>commentary
///   json<|message|>`), the text and the end token. The opening `<|start|>assistant` is not
///   (it is the generation prompt). When one message renders two Harmony messages (the last
///   turn's analysis, or a call's analysis), the second `<|start|>assistant` lies inside the
///   span and is a target: the model writes it (the kit's prefix/probe engine says so too).
///   System, developer, user and tool tokens are never targets.
/// - last-turn: the same, for the last assistant message only.
///
/// Stricter than Jinja where it would fail with a Python error or print nonsense: `messages`
/// must be a list of objects, `tools` null or a list of objects (transformers' check), content
/// and thinking the template concatenates must be strings, a tool message needs `content`, the
/// first tool call needs a string `name` and `arguments`; a schema the macros would fail on is
/// rejected (`GptOssTypeScript`). The template reads only `thinking`: an assistant message
/// with a non-empty `reasoning_content` and no `thinking` is rejected rather than trained
/// without its reasoning.
public struct GptOssTemplate: ConversationTemplate {
    let ids: TemplateTokenIDs<GptOssToken>
    public let date: TemplateDate?
    /// The system block's text between `<|message|>` and the channel line, date included.
    let systemText: [UInt8]

    public init(_ specials: SpecialTokenLookup, date: TemplateDate) throws(TemplateSetupError) {
        ids = try TemplateTokenIDs(specials, family: "gpt-oss")
        self.date = date
        systemText = Array(("You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: "
            + date.description + "\n\nReasoning: medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.").utf8)
    }

    public var family: TemplateFamily { .gptOSS }
    public func targetRule(_ mode: LabelMode) -> TargetRule { .segments(shift: 0) }

    public func specialText(_ id: Int32) -> String? {
        ids.text(of: id)
    }

    @inline(__always)
    func id(_ t: GptOssToken) -> Int32 { ids[t] }

    public func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode,
                       into out: inout RenderedConversation,
                       afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        out.reset()
        let messages = try tape.messagesMember(in: record)
        var r = GptOssRenderer(template: self, tape: tape, record: record, mode: mode)
        try r.render(messages, into: &out, afterMessage: afterMessage)
    }
}
