import JSONScanner

/// A message's role as the template tests it (`message.role == "user"`, …).
enum Qwen3_5Role { case system, user, assistant, tool, other }

/// A content list item as `render_content` classifies it: `'image' in item or 'image_url' in
/// item or item.type == 'image'`, then video, then `'text' in item` (printing `item.text`,
/// which is nothing when the item is a string or list).
enum Qwen3_5Item { case image, video, text(Int?) }

/// The per-record state of one Qwen3.5 rendering.
struct Qwen3_5Renderer {
    let template: Qwen3_5Template
    let tape: JSONTape
    let record: UnsafeRawBufferPointer
    let mode: LabelMode
    /// `ns.last_query_index`.
    var lastQuery = -1
    /// The last assistant message's index (the one last-turn mode trains on), or -1.
    var lastAssistant = -1

    init(template: Qwen3_5Template, tape: JSONTape, record: UnsafeRawBufferPointer, mode: LabelMode) {
        self.template = template
        self.tape = tape
        self.record = record
        self.mode = mode
    }

    /// An error at `node`'s first byte (a string's opening quote).
    func error(_ reason: Qwen3_5Error, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(reason.description, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }

    // MARK: the conversation

    mutating func render(_ messages: Int, into out: inout RenderedConversation,
                         afterMessage: (borrowing RenderedConversation) -> Bool) throws(TemplateError) {
        // transformers checks the tools before it renders anything.
        let tools = try checkedTools()
        switch tape[messages].kind {
        case .array: break
        case .null: throw error(.noMessages, messages)
        default: throw error(.messagesNotAnArray, messages)
        }
        let end = Int(tape[messages].next)
        guard messages + 1 < end else { throw error(.noMessages, messages) }
        let first = messages + 1

        // The tools block / first system message (before anything can stop the rendering).
        let firstIsSystem = role(first) == .system
        let systemContent = firstIsSystem ? content(of: first) : nil
        if firstIsSystem { try checkContent(systemContent, isSystem: true, message: 0) }
        if let tools {
            out.appendSpecial(template.id(.imStart), trainable: false)
            out.appendText(Qwen3_5TemplateText.toolsHeader, trainable: false)
            for tool in tape.elements(tools) {
                out.appendText(trainable: false) { buf in
                    buf.append(UInt8(ascii: "\n"))
                    tape.appendPythonJSON(tool, in: record, indent: nil, to: &buf)
                }
            }
            for piece in Qwen3_5TemplateText.instructions {
                switch piece {
                case .text(let t): out.appendText(t, trainable: false)
                case .special(let s): out.appendSpecial(template.id(s), trainable: false)
                }
            }
            if firstIsSystem && withContent(systemContent, &out, { !pythonStrip($0, 0..<$0.count).isEmpty }) {
                out.appendText("\n\n", trainable: false)
                emitContent(systemContent, trainable: false, &out) { pythonStrip($0, 0..<$0.count) }
            }
            out.appendSpecial(template.id(.imEnd), trainable: false)
            out.appendText("\n", trainable: false)
        } else if firstIsSystem {
            out.appendSpecial(template.id(.imStart), trainable: false)
            out.appendText("system\n", trainable: false)
            emitContent(systemContent, trainable: false, &out) { pythonStrip($0, 0..<$0.count) }
            out.appendSpecial(template.id(.imEnd), trainable: false)
            out.appendText("\n", trainable: false)
        }

        try findLastQuery(messages, &out)

        var index = 0
        var appending = true
        var previous = Qwen3_5Role.other
        var m = first
        while m < end {
            let next = Int(tape[m].next)
            let nextRole: Qwen3_5Role? = next < end ? role(next) : nil
            let current = try message(m, index: index, previous: previous, nextRole: nextRole, appending: appending, &out)
            if appending { appending = afterMessage(out) }
            previous = current
            index += 1
            m = next
        }
    }

    /// `tools` when the template renders a tools block: a non-empty list (of objects, which
    /// transformers requires: it iterates `tools` and rejects any item that is not a dict, so
    /// an empty string or object also means no tools); nil when absent, null or empty.
    func checkedTools() throws(TemplateError) -> Int? {
        guard let tools = tape.member(0, "tools", in: record), tape[tools].kind != .null else { return nil }
        if tape.isEmptyString(tools) || (tape[tools].kind == .object && tape[tools].next == tools + 1) { return nil }
        guard tape[tools].kind == .array else { throw error(.toolsNotObjects, tools) }
        for tool in tape.elements(tools) where tape[tool].kind != .object { throw error(.toolsNotObjects, tool) }
        return tools + 1 < Int(tape[tools].next) ? tools : nil
    }

    /// The template's backward scan for `ns.last_query_index`: from the last message back, the
    /// first user message whose trimmed content is not a `<tool_response>` block (rendering
    /// the content of each user message it passes, which can raise). Also notes the last
    /// assistant message.
    mutating func findLastQuery(_ messages: Int, _ out: inout RenderedConversation) throws(TemplateError) {
        var count = 0
        for m in tape.elements(messages) {
            if role(m) == .assistant { lastAssistant = count }
            count += 1
        }
        var index = count - 1
        while index >= 0 {
            // The n-th element, walked to from the front: conversations are short, and the scan
            // usually stops at the last or second-to-last message.
            var m = messages + 1
            for _ in 0..<index { m = Int(tape[m].next) }
            if role(m) == .user {
                let c = content(of: m)
                try checkContent(c, isSystem: false, message: index)
                let isQuery = withContent(c, &out) { s in
                    let t = pythonStrip(s, 0..<s.count)
                    return !(hasPrefix(s, t, "<tool_response>") && hasSuffix(s, t, "</tool_response>"))
                }
                if isQuery {
                    lastQuery = index
                    return
                }
            }
            index -= 1
        }
        throw error(.noUserQuery, messages)
    }

    // MARK: one message

    /// Renders message `m` (with `appending` false only checks it); returns its role.
    mutating func message(_ m: Int, index: Int, previous: Qwen3_5Role, nextRole: Qwen3_5Role?, appending: Bool,
                          _ out: inout RenderedConversation) throws(TemplateError) -> Qwen3_5Role {
        var roleNode: Int?, contentNode: Int?, reasoning: Int?, toolCalls: Int?
        if tape[m].kind == .object {
            // One pass; with duplicate keys the last wins, as in a Python dict.
            // The four keys differ in length: an unescaped key is compared only with its namesake.
            for (k, v) in tape.members(m) {
                let key = tape[k]
                switch key.hasEscapes ? -1 : Int(key.end - key.start) {
                case 4: if tape.stringEquals(k, "role", in: record) { roleNode = v }
                case 7: if tape.stringEquals(k, "content", in: record) { contentNode = v }
                case 17: if tape.stringEquals(k, "reasoning_content", in: record) { reasoning = v }
                case 10: if tape.stringEquals(k, "tool_calls", in: record) { toolCalls = v }
                case -1:
                    if tape.stringEquals(k, "role", in: record) { roleNode = v }
                    else if tape.stringEquals(k, "content", in: record) { contentNode = v }
                    else if tape.stringEquals(k, "reasoning_content", in: record) { reasoning = v }
                    else if tape.stringEquals(k, "tool_calls", in: record) { toolCalls = v }
                default: break
                }
            }
        }
        // The loop renders every message's content first, whatever its role.
        try checkContent(contentNode, isSystem: false, message: index)
        let role = roleNode.map { roleOf($0) } ?? .other
        let trim: (UnsafeRawBufferPointer) -> Range<Int> = { pythonStrip($0, 0..<$0.count) }
        switch role {
        case .system:
            if index != 0 { throw error(.systemNotFirst, m) }
        case .user:
            guard appending else { break }
            out.appendSpecial(template.id(.imStart), trainable: false)
            out.appendText("user\n", trainable: false)
            emitContent(contentNode, trainable: false, &out, trim)
            out.appendSpecial(template.id(.imEnd), trainable: false)
            out.appendText("\n", trainable: false)
        case .assistant:
            try assistant(index: index, content: contentNode, reasoning: reasoning, toolCalls: toolCalls,
                          appending: appending, &out)
        case .tool:
            guard appending else { break }
            if index > 0 && previous != .tool {
                out.appendSpecial(template.id(.imStart), trainable: false)
                out.appendText("user", trainable: false)
            }
            out.appendText("\n", trainable: false)
            out.appendSpecial(template.id(.toolResponse), trainable: false)
            out.appendText("\n", trainable: false)
            emitContent(contentNode, trainable: false, &out, trim)
            out.appendText("\n", trainable: false)
            out.appendSpecial(template.id(.toolResponseEnd), trainable: false)
            if nextRole != .tool {
                out.appendSpecial(template.id(.imEnd), trainable: false)
                out.appendText("\n", trainable: false)
            }
        case .other:
            throw error(.unexpectedRole, roleNode ?? m)
        }
        return role
    }

    mutating func assistant(index: Int, content: Int?, reasoning: Int?, toolCalls: Int?, appending: Bool,
                            _ out: inout RenderedConversation) throws(TemplateError) {
        let trainable = mode == .perTurn || index == lastAssistant
        let thinkForm = index > lastQuery
        var contentNonEmpty = false
        if appending {
            out.appendSpecial(template.id(.imStart), trainable: false)
            out.appendText("assistant\n", trainable: false)
            let trim: (UnsafeRawBufferPointer) -> Range<Int> = { pythonStrip($0, 0..<$0.count) }
            if let reasoning, tape[reasoning].kind == .string {
                if thinkForm {
                    openThink(&out)
                    out.appendText(trainable: trainable) { buf in
                        appendStripped(reasoning, to: &buf)
                        buf.append(UInt8(ascii: "\n"))
                    }
                    closeThink(trainable: trainable, &out)
                }
                contentNonEmpty = emitContent(content, trainable: trainable, &out, trim)
            } else if mayHoldThinkEnd(content),
                      withContent(content, &out, { s in splitThink(s, pythonStrip(s, 0..<s.count)) != nil }) {
                if thinkForm {
                    openThink(&out)
                    emitContent(content, trainable: trainable, &out) { s in splitThink(s, pythonStrip(s, 0..<s.count))!.reasoning }
                    out.appendText("\n", trainable: trainable)
                    closeThink(trainable: trainable, &out)
                }
                contentNonEmpty = emitContent(content, trainable: trainable, &out) { s in
                    splitThink(s, pythonStrip(s, 0..<s.count))!.content
                }
            } else {
                if thinkForm {
                    openThink(&out)
                    out.appendText("\n", trainable: trainable)
                    closeThink(trainable: trainable, &out)
                }
                contentNonEmpty = emitContent(content, trainable: trainable, &out, trim)
            }
        }
        if let toolCalls {
            try self.toolCalls(toolCalls, message: index, afterContent: contentNonEmpty, trainable: trainable,
                               appending: appending, &out)
        }
        if appending {
            out.appendSpecial(template.id(.imEnd), trainable: trainable)
            out.appendText("\n", trainable: false)
        }
    }

    /// `<think>\n`, the end of the think form's header.
    func openThink(_ out: inout RenderedConversation) {
        out.appendSpecial(template.id(.think), trainable: false)
        out.appendText("\n", trainable: false)
    }

    /// `</think>\n\n` after the reasoning and its `\n`.
    func closeThink(trainable: Bool, _ out: inout RenderedConversation) {
        out.appendSpecial(template.id(.thinkEnd), trainable: trainable)
        out.appendText("\n\n", trainable: trainable)
    }

    /// Whether the content may contain `</think>` (then the exact test decodes it): a raw
    /// `</think>`, or a `\u` or `\/` escape that could spell one (see `rawMayHoldThinkEnd`).
    func mayHoldThinkEnd(_ c: Int?) -> Bool {
        guard let c else { return false }
        switch tape[c].kind {
        case .string: return rawMayHoldThinkEnd(tape.rawBytes(c, in: record))
        case .array: return true
        default: return false
        }
    }

    /// The tool calls of an assistant message: a non-empty list is rendered; an empty one, an
    /// object, a number, a boolean or null is skipped (the template's test); a non-empty
    /// string iterates characters, which have no name.
    func toolCalls(_ calls: Int, message: Int, afterContent: Bool, trainable: Bool, appending: Bool,
                   _ out: inout RenderedConversation) throws(TemplateError) {
        switch tape[calls].kind {
        case .array: break
        case .string:
            if tape.isEmptyString(calls) { return }
            throw error(.toolCallWithoutName(message: message, call: 0), calls)
        default: return
        }
        var k = 0
        for call in tape.elements(calls) {
            var function = call
            if tape[call].kind == .object, let f = tape.member(call, "function", in: record) { function = f }
            guard tape[function].kind == .object, let name = tape.member(function, "name", in: record),
                  tape[name].kind == .string else {
                throw error(.toolCallWithoutName(message: message, call: k), function)
            }
            let arguments = tape.member(function, "arguments", in: record)
            if let arguments, tape[arguments].kind != .object {
                throw error(.argumentsNotAMapping(message: message, call: k), arguments)
            }
            if appending {
                if k > 0 { out.appendText("\n", trainable: trainable) } else if afterContent { out.appendText("\n\n", trainable: trainable) }
                out.appendSpecial(template.id(.toolCall), trainable: trainable)
                out.appendText(trainable: trainable) { buf in
                    buf.append(contentsOf: Qwen3_5Renderer.functionOpen)
                    tape.appendString(name, in: record, to: &buf)
                    buf.append(contentsOf: Qwen3_5Renderer.functionOpenEnd)
                    if let arguments {
                        tape.forEachUniqueMember(arguments, record) { key, value in
                            buf.append(contentsOf: Qwen3_5Renderer.parameterOpen)
                            tape.appendString(key, in: record, to: &buf)
                            buf.append(contentsOf: Qwen3_5Renderer.functionOpenEnd)
                            switch tape[value].kind {
                            case .object, .array: tape.appendPythonJSON(value, in: record, indent: nil, to: &buf)
                            default: tape.appendPythonStr(value, in: record, to: &buf)
                            }
                            buf.append(contentsOf: Qwen3_5Renderer.parameterClose)
                        }
                    }
                    buf.append(contentsOf: Qwen3_5Renderer.functionClose)
                }
                out.appendSpecial(template.id(.toolCallEnd), trainable: trainable)
            }
            k += 1
        }
    }

    static let functionOpen: [UInt8] = Array("\n<function=".utf8)
    static let functionOpenEnd: [UInt8] = Array(">\n".utf8)
    static let parameterOpen: [UInt8] = Array("<parameter=".utf8)
    static let parameterClose: [UInt8] = Array("\n</parameter>\n".utf8)
    static let functionClose: [UInt8] = Array("</function>\n".utf8)

    // MARK: roles and contents

    /// The role of message node `m` (`other` when it is not an object or has no string role).
    func role(_ m: Int) -> Qwen3_5Role {
        guard tape[m].kind == .object, let r = tape.member(m, "role", in: record) else { return .other }
        return roleOf(r)
    }

    func roleOf(_ r: Int) -> Qwen3_5Role {
        guard tape[r].kind == .string else { return .other }
        if tape.stringEquals(r, "user", in: record) { return .user }
        if tape.stringEquals(r, "assistant", in: record) { return .assistant }
        if tape.stringEquals(r, "tool", in: record) { return .tool }
        if tape.stringEquals(r, "system", in: record) { return .system }
        return .other
    }

    /// `message.content`, or nil when the message is not an object or has none.
    func content(of m: Int) -> Int? {
        guard tape[m].kind == .object else { return nil }
        return tape.member(m, "content", in: record)
    }

    /// The errors `render_content(content, ..., is_system_content)` raises.
    func checkContent(_ c: Int?, isSystem: Bool, message: Int) throws(TemplateError) {
        guard let c else { return }
        switch tape[c].kind {
        case .string, .null: return
        case .array:
            for item in tape.elements(c) {
                switch try classify(item, message: message) {
                case .image: if isSystem { throw error(.systemImage, item) }
                case .video: if isSystem { throw error(.systemVideo, item) }
                case .text: break
                }
            }
        default: throw error(.unexpectedContent, c)
        }
    }

    func classify(_ item: Int, message: Int) throws(TemplateError) -> Qwen3_5Item {
        switch tape[item].kind {
        case .object:
            if tape.member(item, "image", in: record) != nil || tape.member(item, "image_url", in: record) != nil {
                return .image
            }
            let type = tape.member(item, "type", in: record)
            if let type, tape.stringEquals(type, "image", in: record) { return .image }
            if tape.member(item, "video", in: record) != nil { return .video }
            if let type, tape.stringEquals(type, "video", in: record) { return .video }
            if let text = tape.member(item, "text", in: record) { return .text(text) }
        case .string:
            // `'image' in item` is a substring test; `item.type` and `item.text` are undefined.
            var s: [UInt8] = []  // rare: items are objects in practice
            tape.appendString(item, in: record, to: &s)
            let found = s.withUnsafeBytes { b -> Qwen3_5Item? in
                if firstIndex(of: "image", in: b, 0..<b.count) != nil { return .image }
                if firstIndex(of: "video", in: b, 0..<b.count) != nil { return .video }
                if firstIndex(of: "text", in: b, 0..<b.count) != nil { return .text(nil) }
                return nil
            }
            if let found { return found }
        case .array:
            // `in` a list: an element equal to the string.
            func has(_ word: StaticString) -> Bool { tape.elements(item).contains { tape.stringEquals($0, word, in: record) } }
            if has("image") || has("image_url") { return .image }
            if has("video") { return .video }
            if has("text") { return .text(nil) }
        default:
            throw error(.itemNotIterable(message: message), item)
        }
        throw error(.unexpectedItem, item)
    }

    /// Appends `render_content(c)` (checked before): vision items as their text.
    func writeContent(_ c: Int?, to buf: inout [UInt8]) {
        guard let c else { return }
        switch tape[c].kind {
        case .string: tape.appendString(c, in: record, to: &buf)
        case .array:
            for item in tape.elements(c) {
                switch try? classify(item, message: 0) {
                case .image: buf.append(contentsOf: Qwen3_5Renderer.imageText)
                case .video: buf.append(contentsOf: Qwen3_5Renderer.videoText)
                case .text(let t?): tape.appendPythonStr(t, in: record, to: &buf)
                default: break
                }
            }
        default: break
        }
    }

    static let imageText: [UInt8] = Array("<|vision_start|><|image_pad|><|vision_end|>".utf8)
    static let videoText: [UInt8] = Array("<|vision_start|><|video_pad|><|vision_end|>".utf8)

    /// `body` over the bytes of `render_content(c)`: the record's own bytes for a string
    /// without escapes, else written past the end of `out`'s bytes and removed again.
    func withContent<R>(_ c: Int?, _ out: inout RenderedConversation, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let c, tape[c].kind == .string, !tape[c].hasEscapes { return body(tape.rawBytes(c, in: record)) }
        guard let c, tape[c].kind == .string || tape[c].kind == .array else {
            return body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        var result: R?
        out.appendText(trainable: false) { buf in
            let base = buf.count
            writeContent(c, to: &buf)
            result = buf.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[base...])) }
            buf.removeSubrange(base...)
        }
        return result!
    }

    /// Appends the part `cut` selects of `render_content(c)` as text (vision items as their
    /// special tokens); returns whether it is non-empty.
    @discardableResult
    func emitContent(_ c: Int?, trainable: Bool, _ out: inout RenderedConversation,
                     _ cut: (UnsafeRawBufferPointer) -> Range<Int>) -> Bool {
        guard let c else { return false }
        switch tape[c].kind {
        case .string where !tape[c].hasEscapes:
            let raw = tape.rawBytes(c, in: record)
            let r = cut(raw)
            out.appendText(UnsafeRawBufferPointer(rebasing: raw[r]), trainable: trainable)
            return !r.isEmpty
        case .string:
            var nonEmpty = false
            out.appendText(trainable: trainable) { buf in
                let base = buf.count
                tape.appendString(c, in: record, to: &buf)
                let r = buf.withUnsafeBytes { cut(UnsafeRawBufferPointer(rebasing: $0[base...])) }
                buf.removeSubrange((base + r.upperBound)...)
                buf.removeSubrange(base..<(base + r.lowerBound))
                nonEmpty = !r.isEmpty
            }
            return nonEmpty
        case .array:
            let r = withContent(c, &out, cut)
            var position = 0
            for item in tape.elements(c) {
                switch try? classify(item, message: 0) {
                case .image, .video:
                    let length = Qwen3_5Renderer.imageText.count  // the video text has the same length
                    // A cut never falls inside a vision item (see splitThink, pythonStrip).
                    if position >= r.lowerBound && position + length <= r.upperBound {
                        out.appendSpecial(template.id(.visionStart), trainable: trainable)
                        if case .image = try? classify(item, message: 0) {
                            out.appendSpecial(template.id(.imagePad), trainable: trainable)
                        } else {
                            out.appendSpecial(template.id(.videoPad), trainable: trainable)
                        }
                        out.appendSpecial(template.id(.visionEnd), trainable: trainable)
                    }
                    position += length
                case .text(let t?):
                    let start = position
                    out.appendText(trainable: trainable) { buf in
                        let base = buf.count
                        tape.appendPythonStr(t, in: record, to: &buf)
                        let length = buf.count - base
                        let lo = min(max(r.lowerBound - start, 0), length)
                        let hi = max(min(r.upperBound - start, length), lo)
                        buf.removeSubrange((base + hi)...)
                        buf.removeSubrange(base..<(base + lo))
                        position += length
                    }
                default: break
                }
            }
            return !r.isEmpty
        default: return false
        }
    }

    /// Appends `reasoning_content|trim` of string node `s`.
    func appendStripped(_ s: Int, to buf: inout [UInt8]) {
        let base = buf.count
        tape.appendString(s, in: record, to: &buf)
        let r = buf.withUnsafeBytes { pythonStrip(UnsafeRawBufferPointer(rebasing: $0[base...]), 0..<($0.count - base)) }
        buf.removeSubrange((base + r.upperBound)...)
        buf.removeSubrange(base..<(base + r.lowerBound))
    }
}
