/// A parsed JSON record: the validated values as a flat array of `JSONNode`s over the
/// record's bytes (nothing is copied or decoded while parsing).
///
/// One tape is reused for every record a worker parses, so after warm-up parsing allocates
/// nothing. The tape does not own the bytes: every accessor takes the same
/// `UnsafeRawBufferPointer` that was parsed, and the caller keeps it alive and unchanged.
///
/// Accepts exactly what Python's `json.loads` accepts on a decoded line (including `NaN`,
/// `Infinity`, `-Infinity`), and additionally requires valid UTF-8, which Python's file
/// decoding requires before `json.loads` runs. Nesting is limited to `maxDepth` levels
/// (Python's own recursion limit fails near 1000).
public struct JSONTape: Sendable {
    /// The values in pre-order (see `JSONNode` for the layout; index 0 is the root) and the
    /// parser's stack, in storage kept from record to record (see `NodeStorage`).
    @usableFromInline var storage = NodeStorage(capacity: 256)
    /// Initialized nodes in `storage.nodes` (invariant: `nodeCount <= storage.capacity`).
    @usableFromInline var nodeCount = 0
    /// Open containers in `storage.open` while parsing (invariant: `depth <= maxDepth`).
    private var depth = 0
    /// Base address (bit pattern) and length of the buffer last parsed, so that accessors can
    /// `assert` in debug builds that they are given that buffer (`isParsed(from:)`): the nodes'
    /// offsets index it unchecked. Two stores per record; never read in release builds.
    @usableFromInline var parsedBase: UInt = 0
    @usableFromInline var parsedCount = -1

    public static let maxDepth = 1000

    public init() {}

    /// Number of values in the last parsed document.
    @inlinable public var count: Int { nodeCount }

    /// Node `i` (checked: `0 <= i < count`).
    @inlinable public subscript(_ i: Int) -> JSONNode {
        precondition(i >= 0 && i < nodeCount, "JSON node index out of range")
        return storage.nodes[i]
    }

    /// Whether `bytes` is the buffer the tape was last parsed from (same address and length).
    /// Accessors `assert` it: a tape read against other bytes would index them by stale offsets.
    @inlinable public func isParsed(from bytes: UnsafeRawBufferPointer) -> Bool {
        UInt(bitPattern: bytes.baseAddress) == parsedBase && bytes.count == parsedCount
    }

    /// Appends a node, moving to storage twice as large when full.
    @inline(__always)
    private mutating func append(_ node: JSONNode) {
        if nodeCount == storage.capacity {
            let bigger = NodeStorage(capacity: storage.capacity * 2)
            bigger.nodes.initialize(from: storage.nodes, count: nodeCount)
            bigger.open.initialize(from: storage.open, count: depth)
            storage = bigger
        }
        // SAFETY: nodeCount < capacity after the check.
        (storage.nodes + nodeCount).initialize(to: node)
        nodeCount += 1
    }

    /// Parses `bytes` (one record), replacing the tape's contents. The root is node 0.
    ///
    /// SAFETY (the whole parser): `UnsafeRawBufferPointer`'s subscript is unchecked in release
    /// builds; every `bytes[i]` here is preceded by a `i < n` (or `i + k <= n`) test on the same
    /// path, and the block loads in `ByteScan.swift` stop where fewer than 16 (or 8) bytes remain.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) {
        // Copy-on-write: a tape copied before (and maybe still read elsewhere) gets new storage.
        if !isKnownUniquelyReferenced(&storage) { storage = NodeStorage(capacity: storage.capacity) }
        nodeCount = 0
        depth = 0
        parsedBase = UInt(bitPattern: bytes.baseAddress)
        parsedCount = bytes.count
        let n = bytes.count
        guard n < Int(UInt32.max) else { throw JSONError(.tooLarge, at: 0) }
        var p = skipSpace(bytes, 0)

        value: while true {
            guard p < n else { throw JSONError(.unexpectedEnd, at: p) }
            let c = bytes[p]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = c == UInt8(ascii: "{")
                guard depth < Self.maxDepth else { throw JSONError(.tooDeep(limit: Self.maxDepth), at: p) }
                append(JSONNode(kind: isObject ? .object : .array, flags: 0, start: UInt32(p), end: 0, next: 0))
                // SAFETY: depth < maxDepth, the stack's allocated size.
                storage.open[depth] = UInt32(nodeCount - 1)
                depth += 1
                p = skipSpace(bytes, p + 1)
                guard p < n else { throw JSONError(.unexpectedEnd, at: p) }
                if bytes[p] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    // Empty container: close it right away and continue after it.
                    closeTop(at: p)
                    p += 1
                } else {
                    if isObject { p = try parseKey(bytes, p) }
                    continue value
                }
            case UInt8(ascii: "\""):
                p = try parseString(bytes, p)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"):
                p = try parseNumber(bytes, p)
            case UInt8(ascii: "t"):
                p = try parseLiteral(bytes, p, "true", .true)
            case UInt8(ascii: "f"):
                p = try parseLiteral(bytes, p, "false", .false)
            case UInt8(ascii: "n"):
                p = try parseLiteral(bytes, p, "null", .null)
            default:
                throw JSONError(c >= 0x80 ? .invalidUTF8 : .unexpectedByte(c), at: p)
            }

            // After a complete value: separators and closing brackets until the next value.
            while true {
                p = skipSpace(bytes, p)
                guard depth > 0 else {
                    guard p == n else { throw JSONError(.trailingData, at: p) }
                    return
                }
                guard p < n else { throw JSONError(.unexpectedEnd, at: p) }
                // SAFETY: open[depth - 1] is the index of a node already appended.
                let isObject = storage.nodes[Int(storage.open[depth - 1])].kind == .object
                let c = bytes[p]
                if c == UInt8(ascii: ",") {
                    p = skipSpace(bytes, p + 1)
                    if isObject { p = try parseKey(bytes, p) }
                    continue value
                } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    closeTop(at: p)
                    p += 1
                } else {
                    throw JSONError(c >= 0x80 ? .invalidUTF8 : .unexpectedByte(c), at: p)
                }
            }
        }
    }

    /// Closes the innermost open container at its closing bracket `p` (depth > 0).
    private mutating func closeTop(at p: Int) {
        depth -= 1
        // SAFETY: open[depth] is the index of a node already appended.
        let top = Int(storage.open[depth])
        storage.nodes[top].end = UInt32(p)
        storage.nodes[top].next = UInt32(nodeCount)
    }

    /// A member's key and the `:` after it; returns the offset of the member's value.
    private mutating func parseKey(_ bytes: UnsafeRawBufferPointer, _ p0: Int) throws(JSONError) -> Int {
        guard p0 < bytes.count else { throw JSONError(.unexpectedEnd, at: p0) }
        guard bytes[p0] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedByte(bytes[p0]), at: p0) }
        var p = skipSpace(bytes, try parseString(bytes, p0))
        guard p < bytes.count else { throw JSONError(.unexpectedEnd, at: p) }
        guard bytes[p] == UInt8(ascii: ":") else { throw JSONError(.unexpectedByte(bytes[p]), at: p) }
        p = skipSpace(bytes, p + 1)
        return p
    }

    /// A string starting at the opening quote `p0`; validates escapes and UTF-8 and returns the
    /// offset after the closing quote.
    private mutating func parseString(_ bytes: UnsafeRawBufferPointer, _ p0: Int) throws(JSONError) -> Int {
        let n = bytes.count
        var p = p0 + 1
        var flags: UInt8 = 0
        while true {
            p = firstStringSpecial(bytes, from: p)
            guard p < n else { throw JSONError(.unexpectedEnd, at: p) }
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                break
            } else if c == UInt8(ascii: "\\") {
                flags = JSONNode.hasEscapes
                guard p + 1 < n else { throw JSONError(.unexpectedEnd, at: p + 1) }
                switch bytes[p + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    p += 2
                case UInt8(ascii: "u"):
                    guard p + 6 <= n else { throw JSONError(.unexpectedEnd, at: n) }
                    for k in p + 2 ..< p + 6 where hexValue(bytes[k]) == nil {
                        throw JSONError(.invalidEscape, at: p)
                    }
                    p += 6
                default:
                    throw JSONError(.invalidEscape, at: p)
                }
            } else if c < 0x20 {
                throw JSONError(.controlCharacterInString, at: p)
            } else if c < 0x80 {
                p += 1
            } else {
                // Non-ASCII text (CJK) comes in runs: validate them without rescanning words.
                repeat {
                    // The common 3-byte form (lead E1–EC or EE–EF: no overlong or surrogate case
                    // to exclude, Table 3-7) checked inline, two sequences per 8-byte load when
                    // they come in pairs: ~6 instructions per sequence, against ~32 through the
                    // general switch. Byte k of the word is bytes[p + k] (little-endian).
                    if p + 8 <= n {
                        let w = bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                        // Leads E0–EF at bytes 0 and 3, continuation bytes at 1, 2, 4, 5.
                        if w & 0xC0C0_F0C0_C0F0 == 0x8080_E080_80E0 {
                            let lead0 = UInt8(truncatingIfNeeded: w), lead1 = UInt8(truncatingIfNeeded: w >> 24)
                            if lead0 != 0xE0 && lead0 != 0xED && lead1 != 0xE0 && lead1 != 0xED {
                                p += 6
                                continue
                            }
                        }
                    }
                    if p + 3 <= n {
                        let b0 = bytes[p], b1 = bytes[p + 1], b2 = bytes[p + 2]
                        if (b0 &- 0xE1 < 0x0C || b0 &- 0xEE < 2) && b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 {
                            p += 3
                            continue
                        }
                    }
                    p = try validateUTF8Sequence(bytes, p)
                } while p < n && bytes[p] >= 0x80
            }
        }
        append(JSONNode(kind: .string, flags: flags, start: UInt32(p0 + 1), end: UInt32(p),
                                next: UInt32(nodeCount + 1)))
        return p + 1
    }

    /// Python's number grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, plus `NaN`,
    /// `Infinity` and `-Infinity`.
    private mutating func parseNumber(_ bytes: UnsafeRawBufferPointer, _ p0: Int) throws(JSONError) -> Int {
        let n = bytes.count
        var p = p0
        func isDigit(_ i: Int) -> Bool { i < n && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        func matches(_ word: StaticString, at i: Int) -> Bool {
            let w = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard i + w.count <= n else { return false }
            for k in 0..<w.count where bytes[i + k] != w[k] { return false }
            return true
        }
        if bytes[p] == UInt8(ascii: "-") { p += 1 }
        if matches("Infinity", at: p) || (p == p0 && matches("NaN", at: p)) {
            p += bytes[p] == UInt8(ascii: "N") ? 3 : 8
            append(JSONNode(kind: .number, flags: JSONNode.isNonFinite, start: UInt32(p0), end: UInt32(p),
                                    next: UInt32(nodeCount + 1)))
            return p
        }
        var flags = JSONNode.isInteger
        guard isDigit(p) else { throw JSONError(p < n ? .invalidNumber : .unexpectedEnd, at: p0) }
        if bytes[p] == UInt8(ascii: "0") { p += 1 } else { while isDigit(p) { p += 1 } }
        if p < n && bytes[p] == UInt8(ascii: ".") && isDigit(p + 1) {
            flags = 0
            p += 1
            while isDigit(p) { p += 1 }
        }
        if p < n && (bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E")) {
            var q = p + 1
            if q < n && (bytes[q] == UInt8(ascii: "+") || bytes[q] == UInt8(ascii: "-")) { q += 1 }
            // Python's regex leaves a bare `e` unconsumed (then "Extra data"); so do we.
            if isDigit(q) {
                flags = 0
                p = q
                while isDigit(p) { p += 1 }
            }
        }
        append(JSONNode(kind: .number, flags: flags, start: UInt32(p0), end: UInt32(p),
                                next: UInt32(nodeCount + 1)))
        return p
    }

    private mutating func parseLiteral(_ bytes: UnsafeRawBufferPointer, _ p0: Int, _ word: StaticString,
                                       _ kind: JSONNode.Kind) throws(JSONError) -> Int {
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<w.count {
            guard p0 + k < bytes.count else { throw JSONError(.unexpectedEnd, at: p0 + k) }
            guard bytes[p0 + k] == w[k] else { throw JSONError(.unexpectedByte(bytes[p0 + k]), at: p0 + k) }
        }
        append(JSONNode(kind: kind, flags: 0, start: UInt32(p0), end: UInt32(p0 + w.count),
                                next: UInt32(nodeCount + 1)))
        return p0 + w.count
    }
}

/// JSON whitespace as Python's `json` defines it: space, tab, LF, CR.
@inline(__always)
func skipSpace(_ bytes: UnsafeRawBufferPointer, _ p0: Int) -> Int {
    var p = p0
    while p < bytes.count {
        let c = bytes[p]
        guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
        p += 1
    }
    return p
}

@inline(__always)
func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

/// Validates one non-ASCII UTF-8 sequence starting at `p`; returns the offset after it.
@inline(__always)
func validateUTF8Sequence(_ bytes: UnsafeRawBufferPointer, _ p: Int) throws(JSONError) -> Int {
    guard let end = UTF8Validation.sequenceEnd(bytes, at: p) else { throw JSONError(.invalidUTF8, at: p) }
    return end
}
