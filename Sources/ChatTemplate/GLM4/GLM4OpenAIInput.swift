import JSONScanner

/// OpenAI messages records rendered with GLM-4's template, mapped onto GLM-4's native form as
/// they are read (nothing is rewritten; the segments are those of the native record):
/// - top-level `tools` → the tools of the first message when it is a system message, else of a
///   system message with no content placed before the first message;
/// - role `tool` → `observation`;
/// - an assistant message with `tool_calls` → its content (when non-empty) as one assistant
///   message, then one assistant message per call with `metadata` = the function name and
///   content = the arguments as JSON (an object is written as `json.dumps(…, ensure_ascii=False)`
///   writes it, as in GLM-4's own data; a string is taken as the JSON it holds).
/// What GLM-4's template cannot render is a rejected record, never literal text that would
/// become training targets: other roles, non-string content (lists of parts), a non-empty
/// `reasoning_content`, a call without a string name or with arguments that are neither an
/// object nor a string.
extension GLM4Renderer {
    func openAIConversation(_ messages: Int, _ out: inout RenderedConversation,
                            afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        let tools = tape.member(0, "tools", in: record)
        if let tools, tape[tools].kind == .null { return try openAIMessages(messages, tools: nil, &out, afterMessage) }
        try openAIMessages(messages, tools: tools, &out, afterMessage)
    }

    private func openAIMessages(_ messages: Int, tools: Int?, _ out: inout RenderedConversation,
                                _ afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        var appending = true
        var index = 0
        var toolsPending = tools
        for m in tape.elements(messages) {
            guard tape[m].kind == .object else { throw error(.messageNotAnObject(index), m) }
            var role: Int?, content: Int?, toolCalls: Int?, reasoning: Int?
            for (k, v) in tape.members(m) {
                if tape.stringEquals(k, "role", in: record) { role = v }
                else if tape.stringEquals(k, "content", in: record) { content = v }
                else if tape.stringEquals(k, "tool_calls", in: record) { toolCalls = v }
                else if tape.stringEquals(k, "reasoning_content", in: record) { reasoning = v }
            }
            guard let role, tape[role].kind == .string else { throw error(.roleNotAString(index), m) }
            if let c = content, tape[c].kind != .string && tape[c].kind != .null {
                throw openAIError("message \(index + 1): \"content\" is not a string (GLM-4's template renders text content only)", c)
            }
            if let r = reasoning, !(tape[r].kind == .null || (tape[r].kind == .string && tape.isEmptyString(r))) {
                throw openAIError("message \(index + 1): GLM-4's template has no place for \"reasoning_content\"", r)
            }
            let special: GLM4Token
            if tape.stringEquals(role, "system", in: record) { special = .system }
            else if tape.stringEquals(role, "user", in: record) { special = .user }
            else if tape.stringEquals(role, "assistant", in: record) { special = .assistant }
            else if tape.stringEquals(role, "tool", in: record) { special = .observation }
            else {
                throw openAIError("message \(index + 1): role must be system, user, assistant or tool in --input-format openai", role)
            }
            let hasContent = content.map { tape[$0].kind == .string && !tape.isEmptyString($0) } ?? false
            let body = { (buf: inout [UInt8]) in
                buf.append(UInt8(ascii: "\n"))
                tape.appendString(content!, in: record, to: &buf)
            }
            // Top-level tools belong to the first message if it is a system message.
            if let t = toolsPending {
                toolsPending = nil
                if special != .system {
                    try emit(.system, index: index, tools: t, appending: appending, hasContent: false, &out,
                             roleText: { _ in }, body: { _ in })
                    if mode == .eachMessage { out.breakText() }
                    if appending { appending = afterMessage(out) }
                } else {
                    try emit(.system, index: index, tools: t, appending: appending, hasContent: hasContent, &out,
                             roleText: { _ in }, body: body)
                    if mode == .eachMessage { out.breakText() }
                    if appending { appending = afterMessage(out) }
                    index += 1
                    continue
                }
            }
            try emit(special, index: index, tools: nil, appending: appending, hasContent: hasContent, &out,
                     roleText: { _ in }, body: body)
            if mode == .eachMessage { out.breakText() }
            if appending { appending = afterMessage(out) }
            if let calls = toolCalls, tape[calls].kind != .null {
                guard special == .assistant else {
                    throw openAIError("message \(index + 1): only assistant messages have \"tool_calls\"", calls)
                }
                guard tape[calls].kind == .array else {
                    throw openAIError("message \(index + 1): \"tool_calls\" is not a list", calls)
                }
                var c = 0
                for call in tape.elements(calls) {
                    let (name, arguments) = try toolCall(call, message: index, call: c)
                    let hasArguments = tape[arguments].kind != .string || !tape.isEmptyString(arguments)
                    try emit(.assistant, index: index, tools: nil, appending: appending, hasContent: hasArguments, &out,
                             roleText: { _ in },
                             body: { buf in
                                 tape.appendString(name, in: record, to: &buf)
                                 buf.append(UInt8(ascii: "\n"))
                                 if tape[arguments].kind == .string {
                                     tape.appendString(arguments, in: record, to: &buf)
                                 } else {
                                     tape.appendPythonJSON(arguments, in: record, indent: nil, to: &buf)
                                 }
                             })
                    if mode == .eachMessage { out.breakText() }
                    if appending { appending = afterMessage(out) }
                    c += 1
                }
            }
            index += 1
        }
        if let t = toolsPending {
            // A conversation with no messages but tools: the system block alone.
            try emit(.system, index: 0, tools: t, appending: appending, hasContent: false, &out, roleText: { _ in }, body: { _ in })
            if mode == .eachMessage { out.breakText() }
            if appending { appending = afterMessage(out) }
        }
        close(appending: appending, &out, afterMessage: afterMessage)
    }

    /// A call's function name and arguments: `{"function": {"name", "arguments"}}` (OpenAI), or
    /// the two members on the call itself.
    private func toolCall(_ call: Int, message: Int, call c: Int) throws(TemplateError) -> (name: Int, arguments: Int) {
        let at = "message \(message + 1), tool call \(c + 1)"
        guard tape[call].kind == .object else { throw openAIError("\(at) is not an object", call) }
        var holder = call
        if let f = tape.member(call, "function", in: record) {
            guard tape[f].kind == .object else { throw openAIError("\(at): \"function\" is not an object", f) }
            holder = f
        }
        guard let name = tape.member(holder, "name", in: record), tape[name].kind == .string else {
            throw openAIError("\(at) has no string \"name\"", holder)
        }
        guard let arguments = tape.member(holder, "arguments", in: record) else {
            throw openAIError("\(at) has no \"arguments\"", holder)
        }
        switch tape[arguments].kind {
        case .object, .string: break
        default: throw openAIError("\(at): \"arguments\" must be an object or a JSON string", arguments)
        }
        return (name, arguments)
    }

    func openAIError(_ message: String, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(message, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }
}
