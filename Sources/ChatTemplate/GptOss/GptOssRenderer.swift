import JSONScanner

/// A message's role as the template tests it.
enum GptOssRole { case system, developer, user, assistant, tool, other }

/// The members of one message the template reads (nil: absent; with duplicate keys the last
/// wins, as in a Python dict).
struct GptOssMessage {
    var role = GptOssRole.other
    var content: Int?
    var thinking: Int?
    var toolCalls: Int?
    /// Read only to refuse it: the template reads `thinking`, so it would vanish silently.
    var reasoningContent: Int?
}

/// The first tool call as the template reads it: `tool_calls[0]`, or its `function`.
struct GptOssCall {
    var name: Int
    var contentType: Int?
    var arguments: Int
}

/// The per-record state of one gpt-oss rendering.
struct GptOssRenderer {
    let template: GptOssTemplate
    let tape: JSONTape
    let record: UnsafeRawBufferPointer
    let mode: LabelMode

    init(template: GptOssTemplate, tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode) {
        self.template = template
        self.tape = tape
        self.record = record
        self.mode = mode
    }

    /// An error at `node`'s first byte (a string's opening quote).
    func error(_ reason: GptOssError, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(reason.description, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }

    // MARK: the conversation

    mutating func render(_ messages: Int, into out: inout RenderedConversation,
                         afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        guard tape[messages].kind == .array else { throw error(.messagesNotAnArray, messages) }
        var count = 0
        for m in tape.elements(messages) {
            guard tape[m].kind == .object else { throw error(.messageNotAnObject(message: count), m) }
            count += 1
        }
        guard count > 0 else { throw error(.noMessages, messages) }
        let tools = try checkedTools()

        // The system block.
        out.appendSpecial(template.id(.start), trainable: false)
        out.appendText("system", trainable: false)
        out.appendSpecial(template.id(.message), trainable: false)
        out.appendText(template.systemText, trainable: false)
        if tools != nil { out.appendText("\nCalls to these tools must go to the commentary channel: 'functions'.", trainable: false) }
        out.appendSpecial(template.id(.end), trainable: false)

        // The developer block: a first system/developer message leaves the loop.
        var loopStart = messages + 1
        var offset = 0
        var developer: Int?
        if count > 0 {
            let f = fields(loopStart)
            if f.role == .system || f.role == .developer {
                if let c = f.content, tape[c].kind != .string && tape[c].kind != .null {
                    throw error(.notAString(message: 0, field: "content"), c)
                }
                developer = f.content.flatMap { tape[$0].kind == .string && !tape.isEmptyString($0) ? $0 : nil }
                loopStart = Int(tape[loopStart].next)
                offset = 1
            }
        }
        if developer != nil || tools != nil {
            out.appendSpecial(template.id(.start), trainable: false)
            out.appendText("developer", trainable: false)
            out.appendSpecial(template.id(.message), trainable: false)
            if let developer {
                out.appendText("# Instructions\n\n", trainable: false)
                appendString(developer, trainable: false, &out)
                out.appendText("\n\n", trainable: false)
            }
            if let tools {
                var text: [UInt8] = []
                var typeScript = GptOssTypeScript(tape: tape, record: record)
                try typeScript.namespace(tools, into: &text)
                out.appendText(text, trainable: false)
            }
            out.appendSpecial(template.id(.end), trainable: false)
        }
        var appending = true
        if offset == 1 { appending = afterMessage(out) }

        // Checks, in the template's order, and what rendering needs from later messages.
        let end = Int(tape[messages].next)
        var loopCount = 0
        var lastFinal = -1, lastAssistant = -1
        var callOpen = false
        var m = loopStart
        while m < end {
            let index = loopCount + offset
            let f = fields(m)
            switch f.role {
            case .assistant:
                lastAssistant = loopCount
                if let c = f.content {
                    guard tape[c].kind == .string else { throw error(.notAString(message: index, field: "content"), c) }
                    if holdsChannelTags(c) { throw error(.channelTagsInContent, c) }
                }
                if f.thinking == nil, let r = f.reasoningContent, tape[r].kind != .null,
                   !(tape[r].kind == .string && tape.isEmptyString(r)) {
                    throw error(.reasoningContentNotRead(message: index), r)
                }
                if let t = f.thinking {
                    guard tape[t].kind == .string else { throw error(.notAString(message: index, field: "thinking"), t) }
                    if holdsChannelTags(t) { throw error(.channelTagsInThinking, t) }
                }
                if let calls = f.toolCalls {
                    _ = try firstCall(calls, message: index, f)
                    callOpen = true
                } else {
                    guard f.content != nil else { throw error(.notAString(message: index, field: "content"), m) }
                    lastFinal = loopCount
                    callOpen = false
                }
            case .tool:
                guard callOpen else { throw error(.toolWithoutCall, m) }
                guard f.content != nil else { throw error(.toolWithoutContent(message: index), m) }
            case .user:
                guard let c = f.content, tape[c].kind == .string else {
                    throw error(.notAString(message: index, field: "content"), f.content ?? m)
                }
            case .system, .developer, .other:
                break
            }
            loopCount += 1
            m = Int(tape[m].next)
        }

        // Rendering.
        var k = 0
        var openCall: Int?  // the open call's name node
        m = loopStart
        while m < end {
            let f = fields(m)
            let trainable = mode == .perTurn || k == lastAssistant
            switch f.role {
            case .user:
                if appending {
                    out.appendSpecial(template.id(.start), trainable: false)
                    out.appendText("user", trainable: false)
                    out.appendSpecial(template.id(.message), trainable: false)
                    appendString(f.content!, trainable: false, &out)
                    out.appendSpecial(template.id(.end), trainable: false)
                }
            case .assistant:
                if let calls = f.toolCalls {
                    let call = try firstCall(calls, message: k + offset, f)
                    if appending {
                        var analysis = false
                        if k > lastFinal {  // no later final answer
                            if let c = f.content, truthy(c) {
                                self.analysis(c, trainable: trainable, &out)
                                analysis = true
                            } else if let t = f.thinking, truthy(t) {
                                self.analysis(t, trainable: trainable, &out)
                                analysis = true
                            }
                        }
                        out.appendSpecial(template.id(.start), trainable: trainable && analysis)
                        out.appendText("assistant", trainable: trainable && analysis)
                        out.appendText(" to=functions.", trainable: trainable)
                        appendString(call.name, trainable: trainable, &out)
                        out.appendSpecial(template.id(.channel), trainable: trainable)
                        out.appendText("commentary ", trainable: trainable)
                        if let ct = call.contentType { appendString(ct, trainable: trainable, &out) } else { out.appendText("json", trainable: trainable) }
                        out.appendSpecial(template.id(.message), trainable: trainable)
                        out.appendText(trainable: trainable) { buf in tape.appendPythonJSON(call.arguments, in: record, indent: nil, to: &buf) }
                        out.appendSpecial(template.id(.call), trainable: trainable)
                    }
                    openCall = call.name
                } else if k == loopCount - 1 {
                    if appending {
                        var analysis = false
                        if let t = f.thinking {
                            self.analysis(t, trainable: trainable, &out)
                            analysis = true
                        }
                        final(f.content!, trainable: trainable, afterAnalysis: analysis, last: true, &out)
                    }
                } else {
                    if appending { final(f.content!, trainable: trainable, afterAnalysis: false, last: false, &out) }
                    openCall = nil
                }
            case .tool:
                if appending {
                    out.appendSpecial(template.id(.start), trainable: false)
                    out.appendText("functions.", trainable: false)
                    appendString(openCall!, trainable: false, &out)
                    out.appendText(" to=assistant", trainable: false)
                    out.appendSpecial(template.id(.channel), trainable: false)
                    out.appendText("commentary", trainable: false)
                    out.appendSpecial(template.id(.message), trainable: false)
                    out.appendText(trainable: false) { buf in tape.appendPythonJSON(f.content!, in: record, indent: nil, to: &buf) }
                    out.appendSpecial(template.id(.end), trainable: false)
                }
            case .system, .developer, .other:
                break
            }
            if appending { appending = afterMessage(out) }
            k += 1
            m = Int(tape[m].next)
        }
    }

    /// `<|start|>assistant<|channel|>analysis<|message|>{text}<|end|>`, a target after the header.
    func analysis(_ text: Int, trainable: Bool, _ out: inout RenderedConversation) {
        out.appendSpecial(template.id(.start), trainable: false)
        out.appendText("assistant", trainable: false)
        out.appendSpecial(template.id(.channel), trainable: trainable)
        out.appendText("analysis", trainable: trainable)
        out.appendSpecial(template.id(.message), trainable: trainable)
        appendString(text, trainable: trainable, &out)
        out.appendSpecial(template.id(.end), trainable: trainable)
    }

    /// `<|start|>assistant<|channel|>final<|message|>{content}` + `<|return|>` or `<|end|>`. After
    /// an analysis message of the same turn, its `<|start|>assistant` is inside the turn's span.
    func final(_ content: Int, trainable: Bool, afterAnalysis: Bool, last: Bool, _ out: inout RenderedConversation) {
        out.appendSpecial(template.id(.start), trainable: trainable && afterAnalysis)
        out.appendText("assistant", trainable: trainable && afterAnalysis)
        out.appendSpecial(template.id(.channel), trainable: trainable)
        out.appendText("final", trainable: trainable)
        out.appendSpecial(template.id(.message), trainable: trainable)
        appendString(content, trainable: trainable, &out)
        out.appendSpecial(template.id(last ? .return : .end), trainable: trainable)
    }

    // MARK: reading the record

    /// `tools` when the template renders them: a non-empty list (of objects, which transformers
    /// requires); nil when absent, null or empty.
    func checkedTools() throws(TemplateError) -> Int? {
        guard let tools = tape.member(0, "tools", in: record), tape[tools].kind != .null else { return nil }
        guard tape[tools].kind == .array else { throw error(.toolsNotObjects, tools) }
        for tool in tape.elements(tools) where tape[tool].kind != .object { throw error(.toolsNotObjects, tool) }
        return tools + 1 < Int(tape[tools].next) ? tools : nil
    }

    /// The members of message `m` (an object) the template reads.
    func fields(_ m: Int) -> GptOssMessage {
        var f = GptOssMessage()
        for (k, v) in tape.members(m) {
            if tape.stringEquals(k, "role", in: record) { f.role = roleOf(v) }
            else if tape.stringEquals(k, "content", in: record) { f.content = v }
            else if tape.stringEquals(k, "thinking", in: record) { f.thinking = v }
            else if tape.stringEquals(k, "tool_calls", in: record) { f.toolCalls = v }
            else if tape.stringEquals(k, "reasoning_content", in: record) { f.reasoningContent = v }
        }
        return f
    }

    func roleOf(_ r: Int) -> GptOssRole {
        guard tape[r].kind == .string else { return .other }
        if tape.stringEquals(r, "user", in: record) { return .user }
        if tape.stringEquals(r, "assistant", in: record) { return .assistant }
        if tape.stringEquals(r, "tool", in: record) { return .tool }
        if tape.stringEquals(r, "system", in: record) { return .system }
        if tape.stringEquals(r, "developer", in: record) { return .developer }
        return .other
    }

    /// `message.tool_calls[0]` (its `function` if truthy), checked as the template uses it;
    /// also the content-and-thinking raise, which comes between.
    func firstCall(_ calls: Int, message: Int, _ f: GptOssMessage) throws(TemplateError) -> GptOssCall {
        guard tape[calls].kind == .array, calls + 1 < Int(tape[calls].next) else {
            throw error(.badToolCall(message: message, reason: "\"tool_calls\" is not a non-empty list"), calls)
        }
        var call = calls + 1
        guard tape[call].kind == .object else {
            throw error(.badToolCall(message: message, reason: "the first tool call is not an object"), call)
        }
        if let function = tape.member(call, "function", in: record), truthy(function) {
            guard tape[function].kind == .object else {
                throw error(.badToolCall(message: message, reason: "the first tool call's \"function\" is not an object"), function)
            }
            call = function
        }
        if let c = f.content, let t = f.thinking, truthy(c), truthy(t) { throw error(.contentAndThinking, c) }
        guard let name = tape.member(call, "name", in: record), tape[name].kind == .string else {
            throw error(.badToolCall(message: message, reason: "the first tool call has no string \"name\""), call)
        }
        let contentType = tape.member(call, "content_type", in: record)
        if let contentType, tape[contentType].kind != .string {
            throw error(.badToolCall(message: message, reason: "the first tool call's \"content_type\" is not a string"), contentType)
        }
        guard let arguments = tape.member(call, "arguments", in: record) else {
            throw error(.badToolCall(message: message, reason: "the first tool call has no \"arguments\""), call)
        }
        return GptOssCall(name: name, contentType: contentType, arguments: arguments)
    }

    /// Python truthiness of a JSON value.
    func truthy(_ n: Int) -> Bool { jinjaTruthy(tape, n, record) }

    /// Whether string node `s` contains `<|channel|>analysis<|message|>` or `<|channel|>final<|message|>`.
    func holdsChannelTags(_ s: Int) -> Bool {
        func check(_ b: UnsafeRawBufferPointer) -> Bool {
            firstIndex(of: "<|channel|>analysis<|message|>", in: b, 0..<b.count) != nil
                || firstIndex(of: "<|channel|>final<|message|>", in: b, 0..<b.count) != nil
        }
        if !tape[s].hasEscapes { return check(tape.rawBytes(s, in: record)) }
        var decoded: [UInt8] = []  // rare: strings with escapes
        tape.appendString(s, in: record, to: &decoded)
        return decoded.withUnsafeBytes(check)
    }

    /// Appends string node `s` (decoded) as text.
    func appendString(_ s: Int, trainable: Bool, _ out: inout RenderedConversation) {
        if !tape[s].hasEscapes {
            out.appendText(tape.rawBytes(s, in: record), trainable: trainable)
        } else {
            out.appendText(trainable: trainable) { buf in tape.appendString(s, in: record, to: &buf) }
        }
    }
}

/// Python truthiness of JSON node `n`: null, false, 0, "", [] and {} are false.
func jinjaTruthy(_ tape: JSONTape, _ n: Int, _ record: UnsafeRawBufferPointer) -> Bool {
    switch tape[n].kind {
    case .null, .false: return false
    case .true: return true
    case .string: return !tape.isEmptyString(n)
    case .array, .object: return n + 1 < Int(tape[n].next)
    case .number:
        // Zero exactly when every mantissa digit is 0 (`-0.0e5` is 0.0).
        for b in tape.rawBytes(n, in: record) {
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { break }
            if b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") { return true }
        }
        return false
    }
}
