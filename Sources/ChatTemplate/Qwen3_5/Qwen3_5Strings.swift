// The Python string operations the template applies to content, on UTF-8 bytes: `|trim`
// (`str.strip()`), `rstrip('\n')`/`lstrip('\n')`, `in`, `split(sep)[0]`/`[-1]`,
// `startswith`/`endswith`. Results are byte ranges of the input, so nothing is copied.

/// The length of the Python whitespace character (`str.isspace()`) starting at `i`, or 0.
/// The set: U+0009–U+000D, U+001C–U+001F, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000 (bidirectional class WS, B or S, or category Zs).
/// Not U+180E, U+200B or U+FEFF.
@inline(__always)
func pythonSpaceLength(_ s: UnsafeRawBufferPointer, at i: Int) -> Int {
    let b = s[i]
    if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0 }
    let n = s.count - i
    switch b {
    case 0xC2: return n >= 2 && (s[i + 1] == 0x85 || s[i + 1] == 0xA0) ? 2 : 0
    case 0xE1: return n >= 3 && s[i + 1] == 0x9A && s[i + 2] == 0x80 ? 3 : 0
    case 0xE2:
        guard n >= 3 else { return 0 }
        let c1 = s[i + 1], c2 = s[i + 2]
        if c1 == 0x80 { return c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0 }
        return c1 == 0x81 && c2 == 0x9F ? 3 : 0
    case 0xE3: return n >= 3 && s[i + 1] == 0x80 && s[i + 2] == 0x80 ? 3 : 0
    default: return 0
    }
}

/// The length of the Python whitespace character ending at `end` (exclusive), or 0.
@inline(__always)
func pythonSpaceLength(_ s: UnsafeRawBufferPointer, endingAt end: Int, from start: Int) -> Int {
    let b = s[end - 1]
    if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0 }
    // A continuation byte: the character starts at the last lead byte (input is valid UTF-8).
    if end - start >= 2 && s[end - 2] == 0xC2 { return pythonSpaceLength(s, at: end - 2) }
    if end - start >= 3 { return pythonSpaceLength(s, at: end - 3) == 3 ? 3 : 0 }
    return 0
}

/// Whether a raw (still escaped) JSON string may decode to text holding `</think>`: it holds
/// `</think>` itself, or a `\u` or `\/` pair (the only escapes that can spell one of its bytes;
/// an escaped backslash before `u` also counts, which only costs the exact test). Eight bytes
/// at a time with exact lane masks, so the `\n` escapes of ordinary content do not stop the
/// scan (a byte loop stopping at each `\` was 28%, then 11%, of rendering dev.jsonl).
func rawMayHoldThinkEnd(_ s: UnsafeRawBufferPointer) -> Bool {
    let n = s.count
    var i = 0
    var carry: UInt64 = 0  // the last word's top-lane backslash flag, moved to lane 0
    while i + 8 <= n {
        let v = UInt64(littleEndian: s.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let backslash = laneEquals(v, 0x5C)
        if ((backslash << 8) | carry) & (laneEquals(v, 0x75) | laneEquals(v, 0x2F)) != 0 { return true }
        carry = backslash >> 56
        var angles = laneEquals(v, 0x3C)
        while angles != 0 {
            if hasPrefix(s, (i + angles.trailingZeroBitCount / 8)..<n, "</think>") { return true }
            angles &= angles &- 1
        }
        i += 8
    }
    var previousBackslash = carry != 0
    while i < n {
        let b = s[i]
        if previousBackslash && (b == 0x75 || b == 0x2F) { return true }
        if b == 0x3C && hasPrefix(s, i..<n, "</think>") { return true }
        previousBackslash = b == 0x5C
        i += 1
    }
    return false
}

/// 0x80 in each byte lane of `v` that equals `byte`, 0 elsewhere (exact: no borrow between lanes).
@inline(__always)
func laneEquals(_ v: UInt64, _ byte: UInt8) -> UInt64 {
    let x = v ^ (0x0101_0101_0101_0101 &* UInt64(byte))
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low7) &+ low7) | x | low7)
}

/// `s[r].strip()`: `r` without leading and trailing Python whitespace.
func pythonStrip(_ s: UnsafeRawBufferPointer, _ r: Range<Int>) -> Range<Int> {
    var a = r.lowerBound, e = r.upperBound
    while a < e {
        let k = pythonSpaceLength(s, at: a)
        guard k > 0, a + k <= e else { break }
        a += k
    }
    while e > a {
        let k = pythonSpaceLength(s, endingAt: e, from: a)
        guard k > 0 else { break }
        e -= k
    }
    return a..<e
}

/// `s[r].lstrip('\n')`.
func lstripNewlines(_ s: UnsafeRawBufferPointer, _ r: Range<Int>) -> Range<Int> {
    var a = r.lowerBound
    while a < r.upperBound && s[a] == 0x0A { a += 1 }
    return a..<r.upperBound
}

/// The first occurrence of `needle` in `s[r]`, or nil.
func firstIndex(of needle: StaticString, in s: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int? {
    let n = needle.utf8CodeUnitCount, p = needle.utf8Start
    guard r.count >= n else { return nil }
    var i = r.lowerBound
    let last = r.upperBound - n
    while i <= last {
        if s[i] == p[0] {
            var k = 1
            while k < n && s[i + k] == p[k] { k += 1 }
            if k == n { return i }
        }
        i += 1
    }
    return nil
}

/// The last occurrence of `needle` in `s[r]`, or nil (the separators here cannot overlap
/// themselves, so this is where Python's `split(needle)[-1]` starts after).
func lastIndex(of needle: StaticString, in s: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int? {
    let n = needle.utf8CodeUnitCount, p = needle.utf8Start
    guard r.count >= n else { return nil }
    var i = r.upperBound - n
    while i >= r.lowerBound {
        if s[i] == p[0] {
            var k = 1
            while k < n && s[i + k] == p[k] { k += 1 }
            if k == n { return i }
        }
        i -= 1
    }
    return nil
}

func hasPrefix(_ s: UnsafeRawBufferPointer, _ r: Range<Int>, _ prefix: StaticString) -> Bool {
    let n = prefix.utf8CodeUnitCount
    guard r.count >= n else { return false }
    for k in 0..<n where s[r.lowerBound + k] != prefix.utf8Start[k] { return false }
    return true
}

func hasSuffix(_ s: UnsafeRawBufferPointer, _ r: Range<Int>, _ suffix: StaticString) -> Bool {
    let n = suffix.utf8CodeUnitCount
    guard r.count >= n else { return false }
    for k in 0..<n where s[r.upperBound - n + k] != suffix.utf8Start[k] { return false }
    return true
}

/// What the template makes of an assistant content that holds `</think>` (already trimmed to
/// `t`): the reasoning `s.split('</think>')[0].rstrip('\n').split('<think>')[-1].lstrip('\n')`
/// and then `|trim`, and the content `s.split('</think>')[-1].lstrip('\n')`; nil without one.
func splitThink(_ s: UnsafeRawBufferPointer, _ t: Range<Int>) -> (reasoning: Range<Int>, content: Range<Int>)? {
    guard let first = firstIndex(of: "</think>", in: s, t), let last = lastIndex(of: "</think>", in: s, t) else { return nil }
    var before = t.lowerBound..<first
    // rstrip('\n') cannot cut into a `<think>` (it ends in `>`), so the order does not matter;
    // the final |trim covers both strips of `\n`.
    if let open = lastIndex(of: "<think>", in: s, before) { before = (open + 7)..<first }
    let reasoning = pythonStrip(s, before)
    let content = lstripNewlines(s, (last + 8)..<t.upperBound)
    return (reasoning, content)
}
