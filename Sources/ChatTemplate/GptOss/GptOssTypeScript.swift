import JSONScanner

/// The tools as gpt-oss's Jinja macros write them (`render_tool_namespace("functions", tools)`
/// and `render_typescript_type`), whitespace included, with Jinja's and Python's semantics:
/// attribute lookups on a non-object are undefined (so a non-object schema prints `any`),
/// `x['items']` on an object without `items` is the dict's `items` method (truthy, so
/// `any[]` all the same), and the `has_object_variants` flag set inside the `oneOf` loop never
/// leaves it (Jinja scoping), so every `oneOf` prints its variants.
///
/// Whitespace the macros leak, as transformers' environment (trim_blocks, lstrip_blocks)
/// renders them:
/// - an object property's type after `": "` comes after `"\n"` + 16 spaces (`radius: \n
///   number`), from the unstripped `{{ render_typescript_type(...) }}`;
/// - a `oneOf` variant with a default adds 20 spaces + `// default: ` + its JSON, and every
///   variant but the last ends in `" | \n"`.
struct GptOssTypeScript {
    let tape: JSONTape
    let record: UnsafeRawBufferPointer
    /// The tool being written (0-based), for errors.
    var tool = 0

    init(tape: JSONTape, record: UnsafeRawBufferPointer) {
        self.tape = tape
        self.record = record
    }

    func error(_ reason: String, _ node: Int) -> TemplateError {
        let n = tape[node]
        return TemplateError(GptOssError.schema(tool: tool, reason: reason).description, at: Int(n.start) - (n.kind == .string ? 1 : 0))
    }

    /// `# Tools\n\n` + `render_tool_namespace("functions", tools)`.
    mutating func namespace(_ tools: Int, into buf: inout [UInt8]) throws(TemplateError) {
        buf += Array("# Tools\n\n## functions\n\nnamespace functions {\n\n".utf8)
        tool = 0
        for t in tape.elements(tools) {
            guard let f = tape.member(t, "function", in: record), tape[f].kind == .object else {
                throw TemplateError(GptOssError.toolNotAFunction(tool: tool, field: "no \"function\" object").description, at: Int(tape[t].start))
            }
            guard let description = tape.member(f, "description", in: record), tape[description].kind == .string else {
                throw TemplateError(GptOssError.toolNotAFunction(tool: tool, field: "no string \"description\"").description, at: Int(tape[f].start))
            }
            buf += Array("// ".utf8)
            tape.appendString(description, in: record, to: &buf)
            buf.append(0x0A)
            guard let name = tape.member(f, "name", in: record), tape[name].kind == .string else {
                throw TemplateError(GptOssError.toolNotAFunction(tool: tool, field: "no string \"name\"").description, at: Int(tape[f].start))
            }
            buf += Array("type ".utf8)
            tape.appendString(name, in: record, to: &buf)
            buf += Array(" = ".utf8)
            let parameters = tape.member(f, "parameters", in: record)
            let properties = parameters.flatMap { tape[$0].kind == .object ? tape.member($0, "properties", in: record) : nil }
            if let parameters, truthy(parameters), let properties, truthy(properties) {
                guard tape[properties].kind == .object else { throw error("\"parameters.properties\" is not an object", properties) }
                let required = try requiredList(tape.member(parameters, "required", in: record))
                buf += Array("(_: {\n".utf8)
                try tape.forEachUniqueMember(properties, record) { (key, spec) throws(TemplateError) in
                    if let d = field(spec, "description"), truthy(d) {
                        guard tape[d].kind == .string else { throw error("a parameter's \"description\" is not a string", d) }
                        buf += Array("// ".utf8)
                        tape.appendString(d, in: record, to: &buf)
                        buf.append(0x0A)
                    }
                    tape.appendString(key, in: record, to: &buf)
                    if !contains(required, key) { buf.append(UInt8(ascii: "?")) }
                    buf += Array(": ".utf8)
                    try type(spec, into: &buf)
                    if let d = field(spec, "default") {
                        if let e = field(spec, "enum"), truthy(e) {
                            guard tape[d].kind == .string else { throw error("a default beside an enum is not a string", d) }
                            buf += Array(", // default: ".utf8)
                            tape.appendString(d, in: record, to: &buf)
                        } else if let o = field(spec, "oneOf"), truthy(o) {
                            guard tape[d].kind == .string else { throw error("a default beside oneOf is not a string", d) }
                            buf += Array("// default: ".utf8)
                            tape.appendString(d, in: record, to: &buf)
                        } else {
                            buf += Array(", // default: ".utf8)
                            tape.appendPythonJSON(d, in: record, indent: nil, to: &buf)
                        }
                    }
                    buf += Array(",\n".utf8)
                }
                buf += Array("}) => any;\n\n".utf8)
            } else {
                buf += Array("() => any;\n\n".utf8)
            }
            tool += 1
        }
        buf += Array("} // namespace functions".utf8)
    }

    /// `render_typescript_type(spec, …)`.
    func type(_ spec: Int, into buf: inout [UInt8]) throws(TemplateError) {
        guard tape[spec].kind == .object else {
            buf += Array("any".utf8)
            return
        }
        let type = tape.member(spec, "type", in: record)
        func typeIs(_ s: StaticString) -> Bool { type.map { tape.stringEquals($0, s, in: record) } ?? false }
        let nullable = field(spec, "nullable").map(truthy) ?? false
        if typeIs("array") {
            if let items = tape.member(spec, "items", in: record), tape[items].kind == .object, truthy(items) {
                let it = tape.member(items, "type", in: record)
                func itemIs(_ s: StaticString) -> Bool { it.map { tape.stringEquals($0, s, in: record) } ?? false }
                if itemIs("string") { buf += Array("string[]".utf8) }
                else if itemIs("number") || itemIs("integer") { buf += Array("number[]".utf8) }
                else if itemIs("boolean") { buf += Array("boolean[]".utf8) }
                else {
                    var inner: [UInt8] = []
                    try self.type(items, into: &inner)
                    let characters = inner.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
                    if inner == Array("object | object".utf8) || characters > 50 {
                        buf += Array("any[]".utf8)
                    } else {
                        buf += inner
                        buf += Array("[]".utf8)
                    }
                }
            } else {
                // No items, falsy items, or items Jinja cannot subscript by 'type': `any[]`.
                buf += Array("any[]".utf8)
            }
            if nullable { buf += Array(" | null".utf8) }
        } else if let type, tape[type].kind == .array, type + 1 < Int(tape[type].next) {
            // A list of types (Union[dict, list] → ["object", "object"]).
            var first = true
            for t in tape.elements(type) {
                if !first { buf += Array(" | ".utf8) }
                tape.appendPythonStr(t, in: record, to: &buf)
                first = false
            }
        } else if let oneOf = field(spec, "oneOf"), truthy(oneOf) {
            guard tape[oneOf].kind == .array else { throw error("\"oneOf\" is not a list", oneOf) }
            let end = Int(tape[oneOf].next)
            for v in tape.elements(oneOf) {
                try self.type(v, into: &buf)
                if let d = field(v, "description"), truthy(d) {
                    guard tape[d].kind == .string else { throw error("a oneOf variant's \"description\" is not a string", d) }
                    buf += Array("// ".utf8)
                    tape.appendString(d, in: record, to: &buf)
                }
                if let d = field(v, "default") {
                    buf += Array(String(repeating: " ", count: 20).utf8)
                    buf += Array("// default: ".utf8)
                    tape.appendPythonJSON(d, in: record, indent: nil, to: &buf)
                }
                if Int(tape[v].next) < end { buf += Array(" | \n".utf8) }
            }
        } else if typeIs("string") {
            if let e = field(spec, "enum"), truthy(e) {
                guard tape[e].kind == .array else { throw error("\"enum\" is not a list", e) }
                buf.append(UInt8(ascii: "\""))
                var first = true
                for v in tape.elements(e) {
                    if !first { buf += Array("\" | \"".utf8) }
                    tape.appendPythonStr(v, in: record, to: &buf)
                    first = false
                }
                buf.append(UInt8(ascii: "\""))
            } else {
                buf += Array("string".utf8)
                if nullable { buf += Array(" | null".utf8) }
            }
        } else if typeIs("number") || typeIs("integer") {
            buf += Array("number".utf8)
        } else if typeIs("boolean") {
            buf += Array("boolean".utf8)
        } else if typeIs("object") {
            if let properties = field(spec, "properties"), truthy(properties) {
                guard tape[properties].kind == .object else { throw error("\"properties\" is not an object", properties) }
                let required = try requiredList(field(spec, "required"))
                buf += Array("{\n".utf8)
                let end = Int(tape[properties].next)
                try tape.forEachUniqueMember(properties, record) { (key, prop) throws(TemplateError) in
                    tape.appendString(key, in: record, to: &buf)
                    if !contains(required, key) { buf.append(UInt8(ascii: "?")) }
                    buf += Array(": \n                ".utf8)
                    try self.type(prop, into: &buf)
                    if !isLastUnique(key, in: properties, end: end) { buf += Array(", ".utf8) }
                }
                buf.append(UInt8(ascii: "}"))
            } else {
                buf += Array("object".utf8)
            }
        } else {
            buf += Array("any".utf8)
        }
    }

    // MARK: Python on the tape

    /// `spec.name` for an object `spec` (nil: undefined).
    func field(_ spec: Int, _ name: StaticString) -> Int? {
        tape[spec].kind == .object ? tape.member(spec, name, in: record) : nil
    }

    func truthy(_ n: Int) -> Bool { jinjaTruthy(tape, n, record) }

    /// `(x.required or [])`: nil for a falsy value; a list or a string (then `in` is a substring test).
    func requiredList(_ r: Int?) throws(TemplateError) -> Int? {
        guard let r, truthy(r) else { return nil }
        switch tape[r].kind {
        case .array, .string, .object: return r
        default: throw error("\"required\" is not a list", r)
        }
    }

    /// `key in required` (Python's `in` on a list, a string or a dict).
    func contains(_ required: Int?, _ key: Int) -> Bool {
        guard let required else { return false }
        var k: [UInt8] = []
        tape.appendString(key, in: record, to: &k)
        return k.withUnsafeBytes { kb in
            switch tape[required].kind {
            case .array: return tape.elements(required).contains { tape[$0].kind == .string && tape.stringEquals($0, kb, in: record) }
            case .object: return tape.member(required, kb, in: record) != nil
            case .string:
                var s: [UInt8] = []
                tape.appendString(required, in: record, to: &s)
                if k.isEmpty { return true }
                guard s.count >= k.count else { return false }
                for i in 0...(s.count - k.count) where Array(s[i..<(i + k.count)]) == k { return true }
                return false
            default: return false
            }
        }
    }

    /// Whether no earlier key of `object` equals `key`.
    func firstOccurrence(_ key: Int, in object: Int) -> Bool {
        var earlier = object + 1
        while earlier < key {
            if tape.stringEquals(earlier, key, in: record) { return false }
            earlier = Int(tape[earlier + 1].next)
        }
        return true
    }

    /// Whether `key` (a first occurrence) is the last distinct key of the dict (`loop.last`).
    func isLastUnique(_ key: Int, in object: Int, end: Int) -> Bool {
        var later = Int(tape[key + 1].next)
        while later < end {
            if firstOccurrence(later, in: object) { return false }
            later = Int(tape[later + 1].next)
        }
        return true
    }
}
