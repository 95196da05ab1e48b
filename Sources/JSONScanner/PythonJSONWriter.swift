// `json.dumps(value, ensure_ascii=False, indent=indent)` (or `indent=None`) of a tape node, written straight into
// memory reserved beforehand.
//
// Tool schemas are re-serialized for every system message that carries them. Written with
// `Array` appends (a capacity and uniqueness check per piece, ~30 instructions per call and
// ~180 calls per tool), this cost 2.4 M instructions per render of dev.jsonl; writing through
// a pointer into space reserved once, 1.2 M (callgrind).
//
// SAFETY: `PythonJSONWriter` writes through a raw pointer. Before each node's bytes it calls
// `need(k)` with k at least the bytes that node can write itself (its separators, indentation,
// brackets, and for a scalar its text plus 8 bytes of slack for word stores), and `need`
// stops the process unless k bytes remain before `limit`. So no write passes the reserved
// space even if `outputBound` were wrong; the bound only keeps `need` from ever failing.

extension JSONTape {
    /// An upper bound of the bytes `json.dumps(node, indent=indent)` writes: per scalar, its
    /// raw text (a string's re-escaped text is never longer than its raw escaped form; a
    /// float's `repr` is at most 24 bytes), and per node 64 bytes and three lines of
    /// indentation at its depth, which covers separators, brackets and word-store overshoot.
    func pythonJSONBound(_ node: Int, indent: Int) -> Int {
        // Depth is tracked on a stack of 64 entries (512 bytes, kept off the heap); a deeper
        // value is measured again with room for the parser's maximum depth.
        pythonJSONBound(node, indent: indent, maxDepth: 64)
            ?? pythonJSONBound(node, indent: indent, maxDepth: Self.maxDepth + 1)!
    }

    private func pythonJSONBound(_ node: Int, indent: Int, maxDepth: Int) -> Int? {
        let end = Int(self[node].next)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: maxDepth) { open -> Int? in
            // open[0..<depth]: the `next` of each container enclosing node i.
            var depth = 0
            var total = 64
            for i in node..<end {
                while depth > 0 && open[depth - 1] <= i { depth -= 1 }
                let n = self[i]
                total += 64 + 3 * indent * (depth + 1)
                if n.kind == .object || n.kind == .array {
                    guard depth < maxDepth else { return nil }
                    open[depth] = Int(n.next)
                    depth += 1
                } else {
                    total += Int(n.end &- n.start)
                }
            }
            return total
        }
    }
}

/// The writer behind `JSONTape.appendPythonJSON`; see the SAFETY note above.
struct PythonJSONWriter {
    let tape: JSONTape
    let bytes: UnsafeRawBufferPointer
    let indent: Int
    /// `indent=None`: no newlines, `", "` between items (json.dumps' default separators).
    let compact: Bool
    /// An object node whose null members are left out, or -1.
    let drop: Int
    /// Where the next byte goes; never past `limit`.
    var p: UnsafeMutablePointer<UInt8>
    let limit: UnsafeMutablePointer<UInt8>

    /// Traps unless `k` bytes can be written at `p`.
    @inline(__always)
    func need(_ k: Int) {
        precondition(limit - p >= k, "JSON output bound exceeded")
    }

    /// The bytes a scalar, bracket or separator line can need besides its text: a newline,
    /// indentation, `,` or `: `, quotes, 8 bytes of word-store slack.
    @inline(__always)
    func lineRoom(_ level: Int) -> Int { 24 + indent * (level + 1) }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        p.pointee = byte
        p += 1
    }

    @inline(__always)
    mutating func put(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress else { return }
        UnsafeMutableRawPointer(p).copyMemory(from: source, byteCount: raw.count)
        p += raw.count
    }

    @inline(__always)
    mutating func put(_ text: StaticString) {
        put(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A newline and `level * indent` spaces, the spaces 8 at a time (up to 7 bytes of
    /// overshoot, inside the room `lineRoom` asked for; they are overwritten or cut later).
    @inline(__always)
    mutating func newline(_ level: Int) {
        guard !compact else { return }
        put(UInt8(ascii: "\n"))
        let width = level * indent
        var k = 0
        while k < width {
            UnsafeMutableRawPointer(p + k).storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
            k += 8
        }
        p += width
    }

    mutating func value(_ node: Int, level: Int) {
        let n = tape[node]
        switch n.kind {
        case .null: need(4); put("null")
        case .true: need(4); put("true")
        case .false: need(5); put("false")
        case .number:
            let raw = tape.rawBytes(node, in: bytes)
            if n.isInteger {
                need(raw.count)
                put(pythonIntText(literal: raw))
            } else {
                var text: [UInt8] = []
                appendPythonFloat(literal: raw, json: true, to: &text)
                need(text.count)
                text.withUnsafeBytes { put($0) }
            }
        case .string: string(node)
        case .array:
            let end = Int(n.next)
            need(lineRoom(level))
            guard node + 1 < end else { return put("[]") }
            put(UInt8(ascii: "["))
            var e = node + 1
            while true {
                need(lineRoom(level))
                newline(level + 1)
                value(e, level: level + 1)
                e = Int(tape[e].next)
                guard e < end else { break }
                need(2)
                put(UInt8(ascii: ","))
                if compact { put(UInt8(ascii: " ")) }
            }
            need(lineRoom(level))
            newline(level)
            put(UInt8(ascii: "]"))
        case .object:
            var first = true
            if tape.hasDuplicateKeys(node, bytes) {
                tape.forEachUniqueMember(node, bytes) { key, value in
                    member(of: node, key, value, level: level, first: &first)
                }
            } else {
                var k = node + 1
                let end = Int(n.next)
                while k < end {
                    member(of: node, k, k + 1, level: level, first: &first)
                    k = Int(tape[k + 1].next)
                }
            }
            need(lineRoom(level))
            if first {
                put("{}")
            } else {
                newline(level)
                put(UInt8(ascii: "}"))
            }
        }
    }

    @inline(__always)
    mutating func member(of object: Int, _ key: Int, _ value: Int, level: Int, first: inout Bool) {
        if object == drop && tape[value].kind == .null { return }
        need(lineRoom(level))
        put(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        if compact && !first { put(UInt8(ascii: " ")) }
        newline(level + 1)
        string(key)
        need(2)
        put(": ")
        self.value(value, level: level + 1)
        first = false
    }

    /// A string node as `json.dumps(ensure_ascii=False)` writes it: `"` and `\` escaped, `\n`,
    /// `\r`, `\t`, `\b`, `\f`, other C0 controls as `\u00xx`; everything else (DEL, U+2028,
    /// non-BMP) raw. Raw bytes never need escaping (the parser rejected raw `"`, `\` and
    /// controls), so only the escapes are re-examined; each is rewritten in at most as many
    /// bytes as it spans, so the string needs at most its raw length plus the quotes.
    mutating func string(_ node: Int) {
        let raw = tape.rawBytes(node, in: bytes)
        need(raw.count + 2)
        put(UInt8(ascii: "\""))
        guard tape[node].hasEscapes else {
            put(raw)
            put(UInt8(ascii: "\""))
            return
        }
        var q = 0
        var runStart = 0
        let n = raw.count
        while q < n {
            q = firstBackslash(raw, from: q)
            guard q < n else { break }
            put(UnsafeRawBufferPointer(rebasing: raw[runStart..<q]))
            let (cp, length) = decodeEscape(raw, q)
            switch cp {
            case 0x22: put(#"\""#)
            case 0x5C: put(#"\\"#)
            case 0x0A: put(#"\n"#)
            case 0x0D: put(#"\r"#)
            case 0x09: put(#"\t"#)
            case 0x08: put(#"\b"#)
            case 0x0C: put(#"\f"#)
            case 0..<0x20:
                put(#"\u00"#)
                put(hexDigit(cp >> 4))
                put(hexDigit(cp & 15))
            default:
                // A lone surrogate is printed raw by Python and replaced by U+FFFD when tokenized.
                p += storeUTF8(cp, replacingSurrogates: true, at: UnsafeMutableRawPointer(p))
            }
            q += length
            runStart = q
        }
        put(UnsafeRawBufferPointer(rebasing: raw[runStart..<n]))
        put(UInt8(ascii: "\""))
    }
}

@inline(__always)
private func hexDigit(_ v: UInt32) -> UInt8 {
    v < 10 ? UInt8(ascii: "0") + UInt8(v) : UInt8(ascii: "a") + UInt8(v - 10)
}
