import JSONScanner

/// How a conversation is rendered, following the two paths of the official `process_batch`.
public enum RenderMode: Sendable {
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
/// assistant and observation is plain text.
///
/// Stricter than the reference on malformed records: a message that is not an object, a role
/// that is not a string and content that is neither a string nor null are errors (the
/// template would print `str()` of them or skip the message).
public enum ChatTemplate {
    /// Renders the conversation in `record` (already parsed into `tape`) into `out`, replacing
    /// its contents. Starts with `[gMASK]<sop>` in both modes.
    public static func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: RenderMode,
                              into out: inout RenderedConversation) throws(TemplateError) {
        try render(tape, record: record, mode: mode, into: &out) { _ in true }
    }

    /// Renders like `render(_:record:mode:into:)`, calling `afterMessage` with `out` after each
    /// message's segments are appended. Once it returns false, the remaining messages are only
    /// checked: every error the full rendering would throw is still thrown, but nothing more
    /// is appended (a per-turn encoder that has reached its cut needs no more text).
    public static func render(_ tape: JSONTape, record: UnsafeRawBufferPointer, mode: RenderMode,
                              into out: inout RenderedConversation,
                              afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        out.reset()
        guard tape.count > 0, tape[0].kind == .object else { throw TemplateError(.recordNotAnObject, at: 0) }
        guard let messages = tape.member(0, "messages", in: record) else { throw TemplateError(.noMessages, at: 0) }
        guard tape[messages].kind == .array else {
            throw TemplateError(.messagesNotAnArray, at: Int(tape[messages].start))
        }
        out.appendSpecial(.gMASK, trainable: false)
        out.appendSpecial(.sop, trainable: false)
        var r = Renderer(tape: tape, record: record, mode: mode)
        var index = 0
        var appending = true
        for m in tape.elements(messages) {
            try r.message(m, index: index, appending: appending, &out)
            if appending { appending = afterMessage(out) }
            index += 1
        }
    }
}

/// The per-record state of one rendering.
private struct Renderer {
    let tape: JSONTape
    let record: UnsafeRawBufferPointer
    let mode: RenderMode

    init(tape: JSONTape, record: UnsafeRawBufferPointer, mode: RenderMode) {
        self.tape = tape
        self.record = record
        self.mode = mode
    }

    /// An error at `node`'s first byte (a string's opening quote).
    func error(_ reason: TemplateError.Reason, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(reason, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }

    /// Renders message `m`, or with `appending` false only checks it (throws the same errors).
    mutating func message(_ m: Int, index: Int, appending: Bool, _ out: inout RenderedConversation) throws(TemplateError) {
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
        let special: TemplateToken? = roleIsEscaped
            ? decodedRole.withUnsafeBytes { TemplateToken(role: $0) }
            : TemplateToken(role: tape.rawBytes(role, in: record))
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
        guard appending else { return }

        guard let content, tape[content].kind == .string, !tape.isEmptyString(content) else { return }
        if let special {
            out.appendSpecial(special, trainable: trainable)
        } else {
            out.appendText(trainable: trainable) { buf in
                buf.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "|")])
                if roleIsEscaped { buf.append(contentsOf: decodedRole) } else { tape.appendString(role, in: record, to: &buf) }
                buf.append(contentsOf: [UInt8(ascii: "|"), UInt8(ascii: ">")])
            }
        }
        // metadata + "\n" + content is one piece sequence for the tokenizer: one segment.
        out.appendText(trainable: trainable) { buf in
            if let metadata { tape.appendPythonStr(metadata, in: record, to: &buf) }
            buf.append(UInt8(ascii: "\n"))
            tape.appendString(content, in: record, to: &buf)
        }
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
    mutating func renderTools(_ tools: Int, index: Int, dropNullProperties: Bool, trainable: Bool,
                              appending: Bool, _ out: inout RenderedConversation) throws(TemplateError) {
        switch tape[tools].kind {
        case .array, .object, .string: break
        default: throw error(.toolsNotIterable(index), tools)
        }
        if appending {
            out.appendSpecial(.system, trainable: trainable)
            out.appendText(TemplateText.toolsHeader, trainable: trainable)
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
                    buf.append(contentsOf: TemplateText.functionHead)
                    if let name { tape.appendPythonStr(name, in: record, to: &buf) }
                    buf.append(contentsOf: TemplateText.functionMid)
                    tape.appendPythonJSON(function, in: record, dropNullMembersOf: drop, to: &buf)
                    buf.append(contentsOf: TemplateText.functionTail)
                }
            } else if !appending {
                continue
            } else if tape.stringEquals(type, "python", in: record) {
                out.appendText(TemplateText.python, trainable: trainable)
            } else if tape.stringEquals(type, "simple_browser", in: record) {
                out.appendText(TemplateText.simpleBrowser, trainable: trainable)
            } else if tape.stringEquals(type, "cogview", in: record) {
                out.appendText(TemplateText.cogview, trainable: trainable)
            }
        }
    }
}
