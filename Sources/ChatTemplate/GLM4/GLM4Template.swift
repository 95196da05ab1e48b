import JSONScanner

/// How GLM-4 renders a conversation, following the two paths of the official `process_batch`.
enum GLM4RenderMode: Sendable {
    /// `combine: False`: each message on its own, after the official `process_message`
    /// (a system message's tools lose properties whose value is null; tools on any other role
    /// are deleted). Text never joins across messages, because each message is tokenized
    /// separately. Segments carry the message's loss flag.
    case eachMessage
    /// `combine: True`: the whole conversation through the template at once, no
    /// `process_message`: tools are rendered on any role, nulls kept; text joins across
    /// message boundaries (an unknown role's `<|tool|>` is text).
    case wholeConversation
}

/// GLM-4's chat template (`tokenizer_config.json`), rendered to segments from a parsed record.
///
/// For each message: if it has `tools`, `<|system|>` + preamble + one section per tool
/// (function tools as `json.dumps(function, ensure_ascii=False, indent=4)`); then, if
/// `content` is a non-empty string, `<|role|>` + metadata + `\n` + content, where missing
/// metadata prints nothing, null prints `None` and other values print as Python's `str`.
/// Empty content renders nothing, not even the role. A role other than system, user,
/// assistant and observation is plain text. The ids start with `[gMASK]<sop>` in both modes,
/// and the official code appends a closing `<|user|>`, which the template renders last.
///
/// **Label rule** (`../shared/reference/README.md`, token by token):
/// - per-turn (`combine: False`): a token is a target exactly when the token before it belongs
///   to a message whose role is not system, user or observation. So an assistant message's own
///   `<|assistant|>` is not a target; its `\n`, metadata and content are; and so is the first
///   token after it (the next `<|user|>`/`<|observation|>` or the closing one). Unknown roles
///   (`tool`) count as trainable, as in the official code. → `.segments(shift: 1)`.
/// - last-turn (`combine: True`): a token is a target exactly when it comes at least two
///   positions after the last `<|assistant|>` token, wherever it came from (the string inside
///   content counts too); the closing `<|user|>` is a target like the tokens before it. No such
///   token: the record is rejected, as the official code raises. → `.afterLastToken`.
/// Both then cut ids and labels to `max_input_length + max_output_length + 1`.
///
/// Stricter than the reference on malformed records: a message that is not an object, a role
/// that is not a string and content that is neither a string nor null are errors (the
/// template would print `str()` of them or skip the message).
public struct GLM4Template: ConversationTemplate {
    let ids: TemplateTokenIDs<GLM4Token>
    /// `.openai`: records in OpenAI messages form, mapped onto the native form as they are
    /// read (`GLM4OpenAIInput.swift`).
    public let inputFormat: InputFormat

    public init(_ specials: SpecialTokenLookup, inputFormat: InputFormat = .native) throws(TemplateSetupError) {
        ids = try TemplateTokenIDs(specials, family: "glm4")
        self.inputFormat = inputFormat
    }

    public var family: TemplateFamily { .glm4 }

    public func targetRule(_ mode: LabelMode) -> TargetRule {
        switch mode {
        case .perTurn: .segments(shift: 1)
        case .lastTurn: .afterLastToken(id: id(.assistant), distance: 2,
                                        missing: "no <|assistant|> token to train on (last-turn mode; the official combine path raises)")
        }
    }

    public func specialText(_ id: Int32) -> String? {
        ids.text(of: id)
    }

    @inline(__always)
    func id(_ t: GLM4Token) -> Int32 { ids[t] }

    public func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode,
                       into out: inout RenderedConversation,
                       afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        out.reset()
        let messages = try tape.messagesMember(in: record)
        guard tape[messages].kind == .array else {
            throw TemplateError(GLM4Error.messagesNotAnArray.description, at: Int(tape[messages].start))
        }
        out.appendSpecial(id(.gMASK), trainable: false)
        out.appendSpecial(id(.sop), trainable: false)
        let r = GLM4Renderer(template: self, tape: tape, record: record, mode: mode == .perTurn ? .eachMessage : .wholeConversation)
        if inputFormat == .openai {
            try r.openAIConversation(messages, &out, afterMessage: afterMessage)
            return
        }
        var index = 0
        var appending = true
        for m in tape.elements(messages) {
            try r.message(m, index: index, appending: appending, &out)
            if r.mode == .eachMessage { out.breakText() }
            if appending { appending = afterMessage(out) }
            index += 1
        }
        r.close(appending: appending, &out, afterMessage: afterMessage)
    }
}

/// The per-record state of one rendering.
struct GLM4Renderer {
    let template: GLM4Template
    let tape: JSONTape
    let record: UnsafeRawBufferPointer
    let mode: GLM4RenderMode

    init(template: GLM4Template, tape: JSONTape, record: UnsafeRawBufferPointer, mode: GLM4RenderMode) {
        self.template = template
        self.tape = tape
        self.record = record
        self.mode = mode
    }

    /// The official code appends `<|user|>` after the conversation (past the cut it is cut).
    func close(appending: Bool, _ out: inout RenderedConversation, afterMessage: (borrowing RenderedConversation) -> Bool) {
        guard appending else { return }
        out.appendSpecial(template.id(.user), trainable: false)
        _ = afterMessage(out)
    }

    /// An error at `node`'s first byte (a string's opening quote).
    func error(_ reason: GLM4Error, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(reason.description, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }

    /// Renders message `m`, or with `appending` false only checks it (throws the same errors).
    func message(_ m: Int, index: Int, appending: Bool, _ out: inout RenderedConversation) throws(TemplateError) {
        guard tape[m].kind == .object else { throw error(.messageNotAnObject(index), m) }
        // One pass over the members; with duplicate keys the last wins, as in a Python dict.
        var role: Int?, content: Int?, metadata: Int?, tools: Int?
        for (k, v) in tape.members(m) {
            if tape.stringEquals(k, "role", in: record) { role = v }
            else if tape.stringEquals(k, "content", in: record) { content = v }
            else if tape.stringEquals(k, "metadata", in: record) { metadata = v }
            else if tape.stringEquals(k, "tools", in: record) { tools = v }
        }
        guard let role, tape[role].kind == .string else { throw error(.roleNotAString(index), m) }
        if let c = content, tape[c].kind != .string && tape[c].kind != .null {
            throw error(.contentNotAString(index), c)
        }

        // The role's text (decoded only in the rare case it is written with escapes).
        var decodedRole: [UInt8] = []
        let roleIsEscaped = tape[role].hasEscapes
        if roleIsEscaped { tape.appendString(role, in: record, to: &decodedRole) }
        let special: GLM4Token? = roleIsEscaped
            ? decodedRole.withUnsafeBytes { GLM4Token(role: $0) }
            : GLM4Token(role: tape.rawBytes(role, in: record))
        try emit(special, index: index, tools: tools, appending: appending, hasContent: content.map { tape[$0].kind == .string && !tape.isEmptyString($0) } ?? false, &out,
                 roleText: { buf in
                     if roleIsEscaped { buf.append(contentsOf: decodedRole) } else { tape.appendString(role, in: record, to: &buf) }
                 },
                 body: { buf in
                     if let metadata { tape.appendPythonStr(metadata, in: record, to: &buf) }
                     buf.append(UInt8(ascii: "\n"))
                     tape.appendString(content!, in: record, to: &buf)
                 })
    }

    /// One message in GLM-4's native form, its fields already found: the tools block (per
    /// `process_message` in per-turn mode), then, if the content is a non-empty string, the role
    /// (`<|role|>` or, for an unknown role, its name as text) and `body` (metadata + `\n` +
    /// content). With `appending` false, only the checks.
    func emit(_ special: GLM4Token?, index: Int, tools: Int?, appending: Bool, hasContent: Bool,
                       _ out: inout RenderedConversation,
                       roleText: (inout [UInt8]) -> Void, body: (inout [UInt8]) -> Void) throws(TemplateError) {
        // Official loss flag: role not in ("system", "user", "observation").
        let trainable = special != .system && special != .user && special != .observation
        switch mode {
        case .eachMessage:
            out.breakText()
            // process_message: tools stay (minus null properties) only on a system message.
            // validateSystemTools throws every error renderTools can on a system message.
            if let tools, special == .system {
                try validateSystemTools(tools, index: index)
                if appending {
                    try renderTools(tools, index: index, dropNullProperties: true, trainable: trainable, appending: true, &out)
                }
            }
        case .wholeConversation:
            if let tools {
                try renderTools(tools, index: index, dropNullProperties: false, trainable: trainable,
                                appending: appending, &out)
            }
        }
        guard appending, hasContent else { return }
        if let special {
            out.appendSpecial(template.id(special), trainable: trainable)
        } else {
            out.appendText(trainable: trainable) { buf in
                buf.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "|")])
                roleText(&buf)
                buf.append(contentsOf: [UInt8(ascii: "|"), UInt8(ascii: ">")])
            }
        }
        // metadata + "\n" + content is one piece sequence for the tokenizer: one segment.
        out.appendText(trainable: trainable, body)
    }

    /// The official `process_message` on a system message with tools: every tool must be an
    /// object with `function.parameters.properties` objects (else it raises KeyError or
    /// TypeError). `tools` itself is iterated, so a dict or string iterates keys/characters,
    /// which fail unless there are none.
    func validateSystemTools(_ tools: Int, index: Int) throws(TemplateError) {
        switch tape[tools].kind {
        case .array:
            var t = 0
            for tool in tape.elements(tools) {
                guard propertiesNode(tool) != nil else { throw error(.toolWithoutProperties(message: index, tool: t), tool) }
                t += 1
            }
        case .object, .string:
            let empty = tape[tools].kind == .object ? tape[tools].next == tools + 1 : tape.isEmptyString(tools)
            guard empty else { throw error(.toolWithoutProperties(message: index, tool: 0), tools) }
        default:
            throw error(.toolsNotIterable(index), tools)
        }
    }

    /// `tool["function"]["parameters"]["properties"]` when every level is an object.
    func propertiesNode(_ tool: Int) -> Int? {
        var node = tool
        for key: StaticString in ["function", "parameters", "properties"] {
            guard tape[node].kind == .object, let next = tape.member(node, key, in: record) else { return nil }
            node = next
        }
        return tape[node].kind == .object ? node : nil
    }

    /// The template's tools block: `<|system|>`, the preamble, and a section per tool of type
    /// function, python, simple_browser or cogview (other items print nothing). With
    /// `appending` false, only the checks.
    func renderTools(_ tools: Int, index: Int, dropNullProperties: Bool, trainable: Bool,
                              appending: Bool, _ out: inout RenderedConversation) throws(TemplateError) {
        switch tape[tools].kind {
        case .array, .object, .string: break
        default: throw error(.toolsNotIterable(index), tools)
        }
        if appending {
            out.appendSpecial(template.id(.system), trainable: trainable)
            out.appendText(GLM4TemplateText.toolsHeader, trainable: trainable)
        }
        // A dict or a string iterates keys/characters: strings, for which every test is false.
        guard tape[tools].kind == .array else { return }
        var t = 0
        for tool in tape.elements(tools) {
            defer { t += 1 }
            guard tape[tool].kind == .object, let type = tape.member(tool, "type", in: record) else { continue }
            if tape.stringEquals(type, "function", in: record) {
                guard let function = tape.member(tool, "function", in: record) else {
                    throw error(.functionToolWithoutFunction(message: index, tool: t), tool)
                }
                guard appending else { continue }
                let name = tape[function].kind == .object ? tape.member(function, "name", in: record) : nil
                let drop = dropNullProperties ? propertiesNode(tool) : nil
                out.appendText(trainable: trainable) { buf in
                    buf.append(contentsOf: GLM4TemplateText.functionHead)
                    if let name { tape.appendPythonStr(name, in: record, to: &buf) }
                    buf.append(contentsOf: GLM4TemplateText.functionMid)
                    tape.appendPythonJSON(function, in: record, dropNullMembersOf: drop, to: &buf)
                    buf.append(contentsOf: GLM4TemplateText.functionTail)
                }
            } else if !appending {
                continue
            } else if tape.stringEquals(type, "python", in: record) {
                out.appendText(GLM4TemplateText.python, trainable: trainable)
            } else if tape.stringEquals(type, "simple_browser", in: record) {
                out.appendText(GLM4TemplateText.simpleBrowser, trainable: trainable)
            } else if tape.stringEquals(type, "cogview", in: record) {
                out.appendText(GLM4TemplateText.cogview, trainable: trainable)
            }
        }
    }
}
