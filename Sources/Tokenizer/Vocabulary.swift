/// The mergeable tokens of a tiktoken-format vocabulary (`<base64 bytes> <rank>` per line),
/// indexed by rank (= token id), validated once.
///
/// Layout: token `id` is `bytes[offsets[id] ..< offsets[id + 1]]`.
/// - `bytes` (UInt8, 1 byte each): all tokens' bytes concatenated in id order (1.0 MB for GLM-4).
/// - `offsets` (UInt32, 4 bytes each, `count + 1` entries): non-decreasing, `offsets[0] == 0`,
///   `offsets[count] == bytes.count`, and every token is non-empty.
struct Vocabulary {
    var bytes: [UInt8]
    var offsets: [UInt32]
    /// The 1-based file line each token came from (for error messages about duplicates).
    var lineOfID: [Int32]

    var count: Int { offsets.count - 1 }

    /// Parses and validates: one `<base64> <rank>` per line (blank lines and trailing `\r`/spaces
    /// ignored, as the reference loader does), base64 strictly valid with padding, ranks exactly
    /// 0..<N each once. Byte-string uniqueness and single-byte coverage are checked by `TokenTable`.
    static func parse(_ file: UnsafeBufferPointer<UInt8>, source: String) throws(TokenizerError) -> Vocabulary {
        func fail(_ line: Int, _ reason: String) -> TokenizerError {
            .malformedVocabulary(file: source, line: line, reason: reason)
        }
        // Pass 1: decode every line into `decoded`, remembering (start, length, rank, line).
        var decoded: [UInt8] = []
        decoded.reserveCapacity(file.count / 2)
        var starts: [UInt32] = []
        var ranks: [Int32] = []
        var lines: [Int32] = []
        starts.reserveCapacity(file.count / 12)
        ranks.reserveCapacity(file.count / 12)
        lines.reserveCapacity(file.count / 12)
        var lineNumber = 0
        var i = 0
        let n = file.count
        while i < n {
            lineNumber += 1
            var end = i
            while end < n && file[end] != 0x0A { end += 1 }
            let next = end + 1
            // Trim ASCII white space at both ends.
            var a = i, b = end
            while a < b && isSpace(file[a]) { a += 1 }
            while b > a && isSpace(file[b - 1]) { b -= 1 }
            i = next
            if a == b { continue }
            // Field 1: base64 up to the first space.
            var sep = a
            while sep < b && !isSpace(file[sep]) { sep += 1 }
            if sep == b { throw fail(lineNumber, "expected '<base64> <rank>', found one field") }
            var r = sep
            while r < b && isSpace(file[r]) { r += 1 }
            var rank = 0
            for k in r..<b {
                let d = file[k]
                guard d >= 0x30 && d <= 0x39 else {
                    throw fail(lineNumber, isSpace(d) ? "expected '<base64> <rank>', found more fields" : "rank is not a decimal number")
                }
                rank = rank * 10 + Int(d - 0x30)
                if rank > Int(Int32.max) { throw fail(lineNumber, "rank is too large") }
            }
            let start = decoded.count
            guard base64Decode(file, a, sep, into: &decoded) else {
                decoded.removeSubrange(start...)
                throw fail(lineNumber, "invalid base64")
            }
            if decoded.count == start { throw fail(lineNumber, "empty token") }
            starts.append(UInt32(start))
            ranks.append(Int32(rank))
            lines.append(Int32(lineNumber))
        }
        let count = ranks.count
        if count == 0 { throw fail(0, "no tokens") }
        if count >= Int(maxTokenCount) { throw fail(0, "\(count) tokens; at most \(maxTokenCount - 1) are supported") }
        // Pass 2: ranks dense and unique; reorder by rank.
        var entryOfRank = [Int32](repeating: -1, count: count)
        for e in 0..<count {
            let r = Int(ranks[e])
            if r >= count { throw fail(Int(lines[e]), "rank \(r) is out of range: ranks must be 0..<\(count) with \(count) tokens") }
            if entryOfRank[r] >= 0 { throw fail(Int(lines[e]), "rank \(r) repeats line \(lines[Int(entryOfRank[r])])") }
            entryOfRank[r] = Int32(e)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(decoded.count)
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(count + 1)
        var lineOfID: [Int32] = []
        lineOfID.reserveCapacity(count)
        for r in 0..<count {
            let e = Int(entryOfRank[r])
            let s = Int(starts[e])
            let t = e + 1 < count ? Int(starts[e + 1]) : decoded.count
            bytes.append(contentsOf: decoded[s..<t])
            offsets.append(UInt32(bytes.count))
            lineOfID.append(lines[e])
        }
        return Vocabulary(bytes: bytes, offsets: offsets, lineOfID: lineOfID)
    }

    /// Ids must fit 21 bits so that a merge-table slot packs three of them (see `PairTable`).
    static let maxTokenCount: Int32 = 1 << 21
}

@inline(__always) private func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C
}

/// Strict base64 (RFC 4648 alphabet, length a multiple of 4, `=` only as final padding; nonzero
/// padding bits are ignored), as Python's `base64.b64decode(validate=True)` accepts.
private func base64Decode(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) -> Bool {
    let len = end - start
    if len == 0 || len % 4 != 0 { return false }
    var i = start
    while i < end {
        let last = i + 4 == end
        var v: UInt32 = 0
        var pad = 0
        for k in 0..<4 {
            let c = s[i + k]
            let d = base64Value(c)
            if d < 0 {
                if c == 0x3D && last && k >= 2 {  // '='
                    pad += 1
                    v <<= 6
                    continue
                }
                return false
            }
            if pad > 0 { return false }
            v = v << 6 | UInt32(d)
        }
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        if pad < 2 { out.append(UInt8(truncatingIfNeeded: v >> 8)) }
        if pad < 1 { out.append(UInt8(truncatingIfNeeded: v)) }
        i += 4
    }
    return true
}

@inline(__always) private func base64Value(_ c: UInt8) -> Int {
    switch c {
    case 0x41...0x5A: return Int(c) - 0x41
    case 0x61...0x7A: return Int(c) - 0x61 + 26
    case 0x30...0x39: return Int(c) - 0x30 + 52
    case 0x2B: return 62
    case 0x2F: return 63
    default: return -1
    }
}
