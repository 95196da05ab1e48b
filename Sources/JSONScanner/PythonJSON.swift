// Re-serializing a parsed value the way Python prints what `json.loads` returned:
// `json.dumps(value, ensure_ascii=False, indent=4)` (the chat template's `tojson(indent=4)`)
// and `str(value)` (what Jinja's `{{ value }}` prints).
//
// Both work on the tape, so key order, integer digits and strings survive exactly; what Python
// itself changes is changed the same way: floats are re-printed by `repr` (`1E5` → `100000.0`),
// `-0` becomes `0`, and a key that occurs twice keeps its first position with its last value.

extension JSONTape {
    /// Appends `json.dumps(value, ensure_ascii=False, indent=indent)` for node `node`; with
    /// `indent: nil`, `json.dumps(value, ensure_ascii=False)`: one line, `", "` and `": "`
    /// (transformers' `tojson` filter without arguments).
    /// `dropNullMembersOf`: an object node whose members with a `null` value are left out
    /// (the official `process_message` does this to a system tool's `parameters.properties`).
    public func appendPythonJSON(_ node: Int, in bytes: UnsafeRawBufferPointer, indent: Int? = 4,
                                 dropNullMembersOf: Int? = nil, to out: inout [UInt8]) {
        // Reserve an upper bound, write through a pointer (PythonJSONWriter.swift), cut the rest.
        let bound = pythonJSONBound(node, indent: indent ?? 0)
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let written = out.withUnsafeMutableBufferPointer { all in
            let start = all.baseAddress! + base
            var writer = PythonJSONWriter(tape: self, bytes: bytes, indent: indent ?? 0, compact: indent == nil, drop: dropNullMembersOf ?? -1,
                                          p: start, limit: all.baseAddress! + all.count)
            writer.value(node, level: 0)
            return writer.p - start
        }
        out.removeLast(bound - written)
    }

    /// Whether two keys of `object` decode to the same text (then Python's dict keeps one).
    /// Keys are compared by a fingerprint of their raw bytes first (length and first and last
    /// 8 bytes), so an object without duplicates costs a few instructions per pair of keys; a
    /// key with escapes (its raw bytes may differ from an equal key's) answers true, and the
    /// exact decoded comparison in `forEachUniqueMember` decides.
    func hasDuplicateKeys(_ object: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let first = object + 1, end = Int(self[object].next)
        var count = 0
        var k = first
        while k < end {
            if self[k].hasEscapes { return true }
            count += 1
            k = Int(self[k + 1].next)
        }
        guard count > 1 else { return false }
        guard count <= 64 else { return true }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { prints in
            var k = first
            for i in 0..<count {
                let raw = rawBytes(k, in: bytes)
                let f = fingerprint(raw)
                for j in 0..<i where prints[j] == f {
                    // Same fingerprint: compare the bytes (the earlier key is found again by index).
                    var other = first
                    for _ in 0..<j { other = Int(self[other + 1].next) }
                    if bytesEqual(rawBytes(other, in: bytes), raw) { return true }
                }
                prints[i] = f
                k = Int(self[k + 1].next)
            }
            return false
        }
    }

    /// Appends Python's `str(value)` for node `node`: a string as itself, `None`, `True`,
    /// `False`, numbers as `int`/`float` print, lists and dicts as their `repr`.
    public func appendPythonStr(_ node: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if self[node].kind == .string {
            appendString(node, in: bytes, to: &out)
        } else {
            writeRepr(node, bytes, &out)
        }
    }

    private func writeRepr(_ node: Int, _ bytes: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        let n = self[node]
        switch n.kind {
        case .null: out.append(contentsOf: [0x4E, 0x6F, 0x6E, 0x65])  // None
        case .true: out.append(contentsOf: [0x54, 0x72, 0x75, 0x65])  // True
        case .false: out.append(contentsOf: [0x46, 0x61, 0x6C, 0x73, 0x65])  // False
        case .number: appendPythonNumber(node, bytes, json: false, &out)
        case .string: appendPythonRepr(rawBytes(node, in: bytes), &out)
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            for e in elements(node) {
                if !first { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                writeRepr(e, bytes, &out)
                first = false
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            var first = true
            forEachUniqueMember(node, bytes) { key, value in
                if !first { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                appendPythonRepr(rawBytes(key, in: bytes), &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                writeRepr(value, bytes, &out)
                first = false
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func appendPythonNumber(_ node: Int, _ bytes: UnsafeRawBufferPointer, json: Bool, _ out: inout [UInt8]) {
        let n = self[node]
        let raw = rawBytes(node, in: bytes)
        if n.isInteger {
            appendPythonInt(literal: raw, to: &out)
        } else {
            appendPythonFloat(literal: raw, json: json, to: &out)
        }
    }

    /// Calls `body(key, value)` for the members of a Python dict built from `object`: a key
    /// that occurs more than once appears at its first position with its last value (what
    /// `json.loads` then `.items()` gives; the templates iterate tool schemas this way).
    public func forEachUniqueMember<E: Error>(_ object: Int, _ bytes: UnsafeRawBufferPointer,
                                              _ body: (Int, Int) throws(E) -> Void) throws(E) {
        let first = object + 1, end = Int(self[object].next)
        var count = 0
        var k = first
        while k < end { count += 1; k = Int(self[k + 1].next) }
        if count <= 32 {
            // Duplicate keys are rare and tool schemas small: pairwise checks over the tape,
            // no allocation.
            var key = first
            outer: while key < end {
                defer { key = Int(self[key + 1].next) }
                var earlier = first
                while earlier < key {
                    if stringEquals(earlier, key, in: bytes) { continue outer }
                    earlier = Int(self[earlier + 1].next)
                }
                var last = key
                var later = Int(self[key + 1].next)
                while later < end {
                    if stringEquals(later, key, in: bytes) { last = later }
                    later = Int(self[later + 1].next)
                }
                try body(key, last + 1)
            }
        } else {
            var keys: [Int] = []
            for (k, _) in members(object) { keys.append(k) }
            var lastOf: [[UInt8]: Int] = [:]
            var decoded: [[UInt8]] = []
            for k in keys {
                var d: [UInt8] = []
                appendString(k, in: bytes, to: &d)
                decoded.append(d)
                lastOf[d] = k
            }
            var seen = Set<[UInt8]>()
            for (i, k) in keys.enumerated() where seen.insert(decoded[i]).inserted {
                try body(k, lastOf[decoded[i]]! + 1)
            }
        }
    }

    /// Whether the strings at nodes `a` and `b` (keys or string values) decode to the same text.
    public func stringEquals(_ a: Int, _ b: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        let na = self[a], nb = self[b]
        if !na.hasEscapes && !nb.hasEscapes {
            return bytesEqual(rawBytes(a, in: bytes), rawBytes(b, in: bytes))
        }
        var da: [UInt8] = [], db: [UInt8] = []
        appendString(a, in: bytes, to: &da)
        appendString(b, in: bytes, to: &db)
        return da == db
    }
}

/// Equal for equal byte strings: the length and the first and last (up to) 8 bytes.
@inline(__always)
private func fingerprint(_ raw: UnsafeRawBufferPointer) -> UInt64 {
    let n = raw.count
    var head: UInt64 = 0, tail: UInt64 = 0
    if n >= 8 {
        head = raw.loadUnaligned(as: UInt64.self)
        tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    } else {
        for i in 0..<n { head = head << 8 | UInt64(raw[i]) }
    }
    return head &+ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(n) &* 0xC2B2_AE3D_27D4_EB4F
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

/// A string as Python's `repr` writes it: single quotes unless the text has `'` and no `"`;
/// `\\`, the quote, `\t`, `\n`, `\r` escaped; other non-printable characters as `\xhh`,
/// `\uhhhh` or `\Uhhhhhhhh`. Printable follows `str.isprintable` (not Cc, Cf, Cs, Co, Cn, Zl,
/// Zp, or Zs other than the space), from Swift's Unicode tables.
func appendPythonRepr(_ raw: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
    var hasSingle = false, hasDouble = false
    forEachCodePoint(raw) { c in
        if c == 0x27 { hasSingle = true } else if c == 0x22 { hasDouble = true }
    }
    let quote: UInt32 = hasSingle && !hasDouble ? 0x22 : 0x27
    out.append(UInt8(quote))
    forEachCodePoint(raw) { c in
        func hex(_ prefix: UInt8, _ digits: Int) {
            out.append(UInt8(ascii: "\\"))
            out.append(prefix)
            for k in stride(from: digits - 1, through: 0, by: -1) { out.append(hexDigits[Int(c >> (4 * UInt32(k)) & 15)]) }
        }
        switch c {
        case quote, 0x5C: out.append(UInt8(ascii: "\\")); out.append(UInt8(c))
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0..<0x20, 0x7F: hex(UInt8(ascii: "x"), 2)
        case 0x20..<0x7F: out.append(UInt8(c))
        default:
            if isPrintable(c) {
                appendUTF8(c, replacingSurrogates: false, to: &out)
            } else if c <= 0xFF {
                hex(UInt8(ascii: "x"), 2)
            } else if c <= 0xFFFF {
                hex(UInt8(ascii: "u"), 4)
            } else {
                hex(UInt8(ascii: "U"), 8)
            }
        }
    }
    out.append(UInt8(quote))
}

private func isPrintable(_ c: UInt32) -> Bool {
    guard let s = Unicode.Scalar(c) else { return false }  // lone surrogate
    switch s.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned,
         .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default:
        return true
    }
}
