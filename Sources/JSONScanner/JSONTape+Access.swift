// Reading values off a parsed tape: member lookup, string comparison and decoding.
// Every accessor takes the bytes the tape was parsed from.

extension JSONTape {
    /// The value of the member `key` of `object`, or nil. With duplicate keys the last one wins,
    /// as in a Python dict built by `json.loads`.
    @inlinable
    public func member(_ object: Int, _ key: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let k = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        return member(object, k, in: bytes)
    }

    /// The value of the member `key` (UTF-8, unescaped) of `object`, or nil; the last duplicate wins.
    @inlinable
    public func member(_ object: Int, _ key: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer) -> Int? {
        assert(isParsed(from: bytes), "JSONTape accessor given other bytes than the tape parsed")
        precondition(self[object].kind == .object)
        var found: Int?
        var k = object + 1
        let end = Int(self[object].next)
        while k < end {
            if stringEquals(k, key, in: bytes) { found = k + 1 }
            k = Int(self[k + 1].next)
        }
        return found
    }

    /// The members of `object` as (key node, value node), in document order.
    @inlinable
    public func members(_ object: Int) -> MemberSequence {
        precondition(self[object].kind == .object)
        return MemberSequence(tape: self, first: object + 1, end: Int(self[object].next))
    }

    /// The elements of `array` (node indices), in order.
    @inlinable
    public func elements(_ array: Int) -> ElementSequence {
        precondition(self[array].kind == .array)
        return ElementSequence(tape: self, first: array + 1, end: Int(self[array].next))
    }

    public struct MemberSequence: Sequence, IteratorProtocol {
        @usableFromInline let tape: JSONTape
        @usableFromInline var first: Int
        @usableFromInline let end: Int
        @inlinable init(tape: JSONTape, first: Int, end: Int) {
            self.tape = tape
            self.first = first
            self.end = end
        }
        @inlinable public mutating func next() -> (key: Int, value: Int)? {
            guard first < end else { return nil }
            defer { first = Int(tape[first + 1].next) }
            return (first, first + 1)
        }
    }

    public struct ElementSequence: Sequence, IteratorProtocol {
        @usableFromInline let tape: JSONTape
        @usableFromInline var first: Int
        @usableFromInline let end: Int
        @inlinable init(tape: JSONTape, first: Int, end: Int) {
            self.tape = tape
            self.first = first
            self.end = end
        }
        @inlinable public mutating func next() -> Int? {
            guard first < end else { return nil }
            defer { first = Int(tape[first].next) }
            return first
        }
    }

    /// The raw bytes of a node (for strings: between the quotes, still escaped).
    @inlinable
    public func rawBytes(_ node: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        assert(isParsed(from: bytes), "JSONTape accessor given other bytes than the tape parsed")
        let n = self[node]
        // SAFETY: parse established start <= end <= bytes.count for these bytes (asserted above).
        return UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
    }

    /// Whether string node `node` decodes to exactly `literal` (UTF-8).
    @inlinable
    public func stringEquals(_ node: Int, _ literal: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        stringEquals(node, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount), in: bytes)
    }

    /// Whether `node` is a string that decodes to exactly `literal` (UTF-8).
    @inlinable
    public func stringEquals(_ node: Int, _ literal: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer) -> Bool {
        assert(isParsed(from: bytes), "JSONTape accessor given other bytes than the tape parsed")
        let n = self[node]
        guard n.kind == .string else { return false }
        // SAFETY: parse established start <= end <= bytes.count for these bytes (asserted above).
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
        if !n.hasEscapes {
            return bytesEqual(raw, literal)
        }
        var decoded: [UInt8] = []
        appendDecodedString(raw, to: &decoded)
        return decoded.withUnsafeBytes { bytesEqual($0, literal) }
    }

    /// Appends the decoded UTF-8 of string node `node` to `out`.
    public func appendString(_ node: Int, in bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        assert(isParsed(from: bytes), "JSONTape accessor given other bytes than the tape parsed")
        let n = self[node]
        precondition(n.kind == .string)
        // SAFETY: parse established start <= end <= bytes.count for these bytes (asserted above).
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
        if n.hasEscapes {
            appendDecodedString(raw, to: &out)
        } else {
            appendBytes(raw, to: &out)
        }
    }

    /// Whether the string node is empty (`""`); escapes never decode to nothing.
    @inlinable
    public func isEmptyString(_ node: Int) -> Bool {
        self[node].kind == .string && self[node].start == self[node].end
    }
}

// SAFETY (the decoders below): they read only strings the parser validated, so an escape's
// `\uXXXX` digits and a UTF-8 sequence's continuation bytes are known to be inside `raw`.

/// Decodes the raw (validated) bytes of a JSON string into UTF-8. A `\uXXXX` surrogate pair
/// becomes one scalar; a lone surrogate becomes U+FFFD, which is what the reference's
/// tokenizer turns it into (tiktoken re-decodes such text as UTF-16 with `errors="replace"`).
///
/// Copies 16 bytes at a time straight from `raw` into space appended to `out` (the raw length
/// plus 16 bytes of slack, cut back at the end), testing each block for a backslash as it
/// goes; an escape is decoded where the block stops. Every escape decodes to at most as many
/// bytes as it spans, so the write offset never passes the read offset and the 16-byte stores
/// stay inside the slack. Against copying first and decoding in place with a scan and a
/// `memmove` per run: 1.8 M instead of 2.0 M instructions per render of dev.jsonl (callgrind).
@usableFromInline
func appendDecodedString(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    let n = raw.count
    guard let source = raw.baseAddress else { return }
    let base = out.count
    out.append(contentsOf: repeatElement(0, count: n + 16))
    let written = out.withUnsafeMutableBytes { all -> Int in
        // SAFETY: `all[base ..< base + n + 16]` was just appended; writes stay below
        // base + write + 16 <= base + read + 16 <= base + n + 16, and reads below n.
        let target = all.baseAddress! + base
        var read = 0, write = 0
        while true {
            var atEscape = false
            while read &+ 16 <= n {
                let v = source.loadUnaligned(fromByteOffset: read, as: SIMD16<UInt8>.self)
                (target + write).storeBytes(of: v, as: SIMD16<UInt8>.self)
                if let k = firstFlaggedLane(backslashLanes(v)) {
                    read += k
                    write += k
                    atEscape = true
                    break
                }
                read += 16
                write += 16
            }
            if !atEscape {
                while read < n && raw[read] != UInt8(ascii: "\\") {
                    target.storeBytes(of: raw[read], toByteOffset: write, as: UInt8.self)
                    read += 1
                    write += 1
                }
                guard read < n else { break }
            }
            // raw[read] is a backslash.
            let (codePoint, length) = decodeEscape(raw, read)
            write += storeUTF8(codePoint, replacingSurrogates: true, at: target + write)
            read += length
        }
        return write
    }
    out.removeLast(n + 16 - written)
}

/// The code point of the escape at `p` (a lone surrogate is returned as itself, 0xD800–0xDFFF)
/// and the number of raw bytes it spans. `raw` was validated by the parser.
@inline(__always)
func decodeEscape(_ raw: UnsafeRawBufferPointer, _ p: Int) -> (UInt32, Int) {
    switch raw[p + 1] {
    case UInt8(ascii: "b"): return (0x08, 2)
    case UInt8(ascii: "f"): return (0x0C, 2)
    case UInt8(ascii: "n"): return (0x0A, 2)
    case UInt8(ascii: "r"): return (0x0D, 2)
    case UInt8(ascii: "t"): return (0x09, 2)
    case UInt8(ascii: "u"):
        let u = hex4(raw, p + 2)
        // A high surrogate followed by an escaped low surrogate is one scalar (as in Python).
        if u >= 0xD800 && u < 0xDC00 && p + 12 <= raw.count
            && raw[p + 6] == UInt8(ascii: "\\") && raw[p + 7] == UInt8(ascii: "u") {
            let v = hex4(raw, p + 8)
            if v >= 0xDC00 && v < 0xE000 {
                return (0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), 12)
            }
        }
        return (u, 6)
    default: return (UInt32(raw[p + 1]), 2)  // \" \\ \/
    }
}

@inline(__always)
private func hex4(_ raw: UnsafeRawBufferPointer, _ p: Int) -> UInt32 {
    var v: UInt32 = 0
    for k in p..<p + 4 { v = v << 4 | (hexValue(raw[k]) ?? 0) }
    return v
}

/// Stores the UTF-8 of a code point at `p` (room for 4 bytes) and returns its length; lone
/// surrogates become U+FFFD when `replacingSurrogates`.
@inline(__always)
func storeUTF8(_ c0: UInt32, replacingSurrogates: Bool, at p: UnsafeMutableRawPointer) -> Int {
    var c = c0
    if replacingSurrogates && c >= 0xD800 && c < 0xE000 { c = 0xFFFD }
    if c < 0x80 {
        p.storeBytes(of: UInt8(c), as: UInt8.self)
        return 1
    } else if c < 0x800 {
        p.storeBytes(of: UInt8(0xC0 | c >> 6), as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c & 0x3F), toByteOffset: 1, as: UInt8.self)
        return 2
    } else if c < 0x10000 {
        p.storeBytes(of: UInt8(0xE0 | c >> 12), as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c >> 6 & 0x3F), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c & 0x3F), toByteOffset: 2, as: UInt8.self)
        return 3
    } else {
        p.storeBytes(of: UInt8(0xF0 | c >> 18), as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c >> 12 & 0x3F), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c >> 6 & 0x3F), toByteOffset: 2, as: UInt8.self)
        p.storeBytes(of: UInt8(0x80 | c & 0x3F), toByteOffset: 3, as: UInt8.self)
        return 4
    }
}

/// Appends the UTF-8 of a code point; lone surrogates become U+FFFD when `replacingSurrogates`.
@inline(__always)
func appendUTF8(_ c0: UInt32, replacingSurrogates: Bool, to out: inout [UInt8]) {
    var c = c0
    if replacingSurrogates && c >= 0xD800 && c < 0xE000 { c = 0xFFFD }
    if c < 0x80 {
        out.append(UInt8(c))
    } else if c < 0x800 {
        out.append(UInt8(0xC0 | c >> 6))
        out.append(UInt8(0x80 | c & 0x3F))
    } else if c < 0x10000 {
        out.append(UInt8(0xE0 | c >> 12))
        out.append(UInt8(0x80 | c >> 6 & 0x3F))
        out.append(UInt8(0x80 | c & 0x3F))
    } else {
        out.append(UInt8(0xF0 | c >> 18))
        out.append(UInt8(0x80 | c >> 12 & 0x3F))
        out.append(UInt8(0x80 | c >> 6 & 0x3F))
        out.append(UInt8(0x80 | c & 0x3F))
    }
}

/// Calls `body` with each code point of a validated raw JSON string (escapes decoded; lone
/// surrogates passed through as 0xD800–0xDFFF).
func forEachCodePoint(_ raw: UnsafeRawBufferPointer, _ body: (UInt32) -> Void) {
    var p = 0
    let n = raw.count
    while p < n {
        let c = raw[p]
        if c == UInt8(ascii: "\\") {
            let (cp, len) = decodeEscape(raw, p)
            body(cp)
            p += len
        } else if c < 0x80 {
            body(UInt32(c))
            p += 1
        } else if c < 0xE0 {
            body(UInt32(c & 0x1F) << 6 | UInt32(raw[p + 1] & 0x3F))
            p += 2
        } else if c < 0xF0 {
            body(UInt32(c & 0x0F) << 12 | UInt32(raw[p + 1] & 0x3F) << 6 | UInt32(raw[p + 2] & 0x3F))
            p += 3
        } else {
            body(UInt32(c & 0x07) << 18 | UInt32(raw[p + 1] & 0x3F) << 12
                 | UInt32(raw[p + 2] & 0x3F) << 6 | UInt32(raw[p + 3] & 0x3F))
            p += 4
        }
    }
}

/// Appends bytes with one copy (an `UnsafeBufferPointer<UInt8>` takes Array's contiguous path).
@inline(__always)
func appendBytes(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    // SAFETY: the record's memory holds plain bytes, so viewing it as UInt8 is always valid.
    out.append(contentsOf: raw.assumingMemoryBound(to: UInt8.self))
}
