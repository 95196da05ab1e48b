#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        // Pass 1: decode every line into `decoded`, remembering (start, rank, line). The
        // decoded bytes are at most 3/4 of the file, so they are written without capacity checks.
        var starts: [UInt32] = []
        var ranks: [Int32] = []
        var lines: [Int32] = []
        starts.reserveCapacity(file.count / 12)
        ranks.reserveCapacity(file.count / 12)
        lines.reserveCapacity(file.count / 12)
        var failure: TokenizerError? = nil
        let n = file.count
        let decoded = [UInt8](unsafeUninitializedCapacity: Swift.max(n, 1)) { out, written in
            var w = 0
            var lineNumber = 0
            var i = 0
            while i < n {
                lineNumber += 1
                // SAFETY: i < n, so file[i..<n] is inside the buffer.
                let base = UnsafeRawPointer(file.baseAddress!)
                var end = n
                if let hit = memchr(base + i, 0x0A, n - i) { end = UnsafeRawPointer(hit) - base }
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
                if sep == b { failure = fail(lineNumber, "expected '<base64> <rank>', found one field"); break }
                var r = sep
                while r < b && isSpace(file[r]) { r += 1 }
                var rank = 0
                for k in r..<b {
                    let d = file[k]
                    guard d >= 0x30 && d <= 0x39 else {
                        failure = fail(lineNumber, isSpace(d) ? "expected '<base64> <rank>', found more fields" : "rank is not a decimal number")
                        break
                    }
                    rank = rank * 10 + Int(d - 0x30)
                    if rank > Int(Int32.max) { failure = fail(lineNumber, "rank is too large"); break }
                }
                if failure != nil { break }
                let start = w
                // SAFETY: w + 3/4 of this line's base64 ≤ 3/4 of the bytes read so far ≤ n.
                guard base64Decode(file, a, sep, into: out.baseAddress!, at: &w) else {
                    failure = fail(lineNumber, "invalid base64")
                    break
                }
                if w == start { failure = fail(lineNumber, "empty token"); break }
                starts.append(UInt32(start))
                ranks.append(Int32(rank))
                lines.append(Int32(lineNumber))
            }
            written = w
        }
        if let failure { throw failure }
        let count = ranks.count
        if count == 0 { throw fail(0, "no tokens") }
        if count >= Int(maxTokenCount) { throw fail(0, "\(count) tokens; at most \(maxTokenCount - 1) are supported") }
        // Pass 2: ranks dense and unique; reorder by rank unless the file is in rank order
        // (tiktoken's files are), when the decoded bytes are the result as they are.
        var entryOfRank = [Int32](repeating: -1, count: count)
        var inOrder = true
        for e in 0..<count {
            let r = Int(ranks[e])
            if r >= count { throw fail(Int(lines[e]), "rank \(r) is out of range: ranks must be 0..<\(count) with \(count) tokens") }
            if entryOfRank[r] >= 0 { throw fail(Int(lines[e]), "rank \(r) repeats line \(lines[Int(entryOfRank[r])])") }
            entryOfRank[r] = Int32(e)
            if r != e { inOrder = false }
        }
        if inOrder {
            starts.append(UInt32(decoded.count))
            return Vocabulary(bytes: decoded, offsets: starts, lineOfID: lines)
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
/// padding bits are ignored), as Python's `base64.b64decode(validate=True)` accepts. Writes the
/// bytes at `out + w` and advances `w` (room for 3 per 4 characters is the caller's).
private func base64Decode(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: UnsafeMutablePointer<UInt8>, at w: inout Int) -> Bool {
    let len = end - start
    if len == 0 || len % 4 != 0 { return false }
    let table = base64Table
    var i = start
    // Every quartet but the last has no padding: four table lookups, one validity test.
    while i + 4 < end {
        let v = table[Int(s[i])] << 18 | table[Int(s[i + 1])] << 12 | table[Int(s[i + 2])] << 6 | table[Int(s[i + 3])]
        if v & 0x8000_0000 != 0 { return false }
        out[w] = UInt8(truncatingIfNeeded: v >> 16)
        out[w + 1] = UInt8(truncatingIfNeeded: v >> 8)
        out[w + 2] = UInt8(truncatingIfNeeded: v)
        w += 3
        i += 4
    }
    var v: UInt32 = 0
    var pad = 0
    for k in 0..<4 {
        let c = s[i + k]
        let d = table[Int(c)]
        if d & 0x8000_0000 != 0 {
            if c == 0x3D && k >= 2 {  // '='
                pad += 1
                v <<= 6
                continue
            }
            return false
        }
        if pad > 0 { return false }
        v = v << 6 | d
    }
    out[w] = UInt8(truncatingIfNeeded: v >> 16)
    w += 1
    if pad < 2 { out[w] = UInt8(truncatingIfNeeded: v >> 8); w += 1 }
    if pad < 1 { out[w] = UInt8(truncatingIfNeeded: v); w += 1 }
    return true
}

/// The 6-bit value of each base64 character; 0xFFFF_FFFF for any other byte (so one invalid
/// character sets the top bit of a quartet's combined value).
private let base64Table: [UInt32] = (0..<256).map { c -> UInt32 in
    switch c {
    case 0x41...0x5A: return UInt32(c - 0x41)
    case 0x61...0x7A: return UInt32(c - 0x61 + 26)
    case 0x30...0x39: return UInt32(c - 0x30 + 52)
    case 0x2B: return 62
    case 0x2F: return 63
    default: return 0xFFFF_FFFF
    }
}
