/// The o200k pattern (gpt-oss, GPT-4o: tiktoken's `o200k_base`) as a hand-written scanner over
/// UTF-8 bytes:
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// A sibling of `PreTokenizer` (cl100k, Qwen3.5), not a parameter of it: the word alternatives
/// need three letter classes and backtracking of their own. Classes (`O200kClass`): u = Lu, Lt
/// (upper set only), l = Ll (lower set only), c = Lm, Lo (both sets), m = marks (both sets, and
/// also `[^\r\n\p{L}\p{N}]` and `[^\s\p{L}\p{N}]`, since a mark is not `\p{L}`).
///
/// `pieceEnd` returns where the leftmost-first match at `start` ends, as tiktoken's
/// fancy-regex does. What the backtracking comes to, per alternative (R: the run of u/l/c/m
/// chars at q, the position after the optional first char):
/// 1. `[ucm]*` takes R's longest u/c/m prefix. If an l follows, `[lcm]+` runs from it to the
///    next u or R's end. If not (R has no l), the star backs off to R's last c or m, which
///    `[lcm]+` takes alone; with no c or m in R (R all u, or empty) the alternative fails.
///    Then an optional contraction, case-insensitive by simple case folding (`'S`, `'ſ`).
///    The optional first char is tried taken first, then not: a leading mark is itself in R,
///    so `m` + all-u (`\u{301}AB`) matches the mark alone (taken, R = `AB` fails; not taken,
///    the star backs off to the mark).
/// 2. Reached only when 1 failed both ways, so R is all u and non-empty: R + contraction.
/// 3. One to three number chars.
/// 4. An optional U+0020, a run of other/mark chars (`/` is among them), then CR/LF/`/` chars.
/// 5–7. White space, as in `PreTokenizer` (5: up to the last CR/LF of the run; 6: the run
///    at the end of text, or minus its last char before a non-space; 7: one char).
/// The end of the scanned range is the end of text (pieces never look past a special token).
struct O200kPreTokenizer {
    /// The UTF-8 decoding and the class lookup (`O200kClass` values in its table).
    let base: PreTokenizer

    init(_ classes: UnicodeClassTable) { base = PreTokenizer(classes, maxDigits: 3) }

    @inline(__always)
    func scalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) throws(TokenizerError) -> (UInt8, Int) {
        try base.scalar(p, i, end)
    }

    /// The end of the piece that starts at `start` (`start < end`).
    @inline(__always)
    func pieceEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int {
        // SAFETY: as in `PreTokenizer.scalar`; every p[k] below has k < end.
        let (c0, n0) = try scalar(p, start, end)
        let i1 = start + n0
        switch c0 {
        case O200kClass.upper, O200kClass.lower, O200kClass.caseless:
            return try word(p, start, end, allUpper: true)!  // 1. or 2., without the first char
        case O200kClass.mark:
            // 1. with the mark as the optional first char, else 1. with the mark in R.
            if let e = try word(p, i1, end, allUpper: false) { return e }
            return contraction(p, i1, end)
        case O200kClass.number:
            var i = i1
            var k = 1
            while k < 3 && i < end {
                let (c, n) = try scalar(p, i, end)
                if c != O200kClass.number { break }
                i += n
                k += 1
            }
            return i
        default:
            break
        }
        // c0 is `other` or `space`.
        let b0 = p[start]
        let isNewline = b0 == 0x0A || b0 == 0x0D
        if !isNewline && i1 < end {
            let (c1, n1) = try scalar(p, i1, end)
            if c1 >= O200kClass.upper && c1 <= O200kClass.mark { return try word(p, i1, end, allUpper: true)! }  // 1./2.
            if b0 == 0x20 && c1 == O200kClass.other { return try punctuationEnd(p, i1 + n1, end) }  // 4. with space
        }
        if c0 == O200kClass.other { return try punctuationEnd(p, i1, end) }  // 4.
        return try whiteSpaceEnd(p, start, i1, isNewline: isNewline, end)  // 5–7.
    }

    /// Alternative 1 over R at `q` (see the type), and when it fails and `allUpper`,
    /// alternative 2 (R all u); nil when neither matches.
    @inline(__always)
    private func word(_ p: UnsafePointer<UInt8>, _ q: Int, _ end: Int, allUpper: Bool) throws(TokenizerError) -> Int? {
        var i = q
        var lastBoth = -1  // end of the last c/m in the u/c/m prefix
        while i < end {
            let (c, n) = try scalar(p, i, end)
            switch c {
            case O200kClass.upper:
                i += n
            case O200kClass.caseless, O200kClass.mark:
                i += n
                lastBoth = i
            case O200kClass.lower:
                // `[lcm]+` from this l to the next u or the end of R.
                i += n
                while i < end {
                    let (c, n) = try scalar(p, i, end)
                    if c != O200kClass.lower && c != O200kClass.caseless && c != O200kClass.mark { break }
                    i += n
                }
                return contraction(p, i, end)
            default:
                return try finish(p, q, i, lastBoth, end, allUpper)
            }
        }
        return try finish(p, q, i, lastBoth, end, allUpper)
    }

    /// R ended at `i` without an l: back off to its last c/m, or take it all (alternative 2).
    @inline(__always)
    private func finish(_ p: UnsafePointer<UInt8>, _ q: Int, _ i: Int, _ lastBoth: Int, _ end: Int,
                        _ allUpper: Bool) throws(TokenizerError) -> Int? {
        if lastBoth >= 0 { return contraction(p, lastBoth, end) }
        if allUpper && i > q { return contraction(p, i, end) }
        return nil
    }

    /// `i` plus the length of `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `i`, if one is there.
    @inline(__always)
    private func contraction(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        guard i + 1 < end && p[i] == 0x27 else { return i }
        let b1 = p[i + 1]
        switch b1 | 0x20 {  // ASCII lowercase; only 'S'/'s' etc. map onto these letters
        case 0x73, 0x74, 0x6D, 0x64:  // s t m d
            return i + 2
        case 0x72, 0x76:  // r v, then e
            if i + 2 < end && p[i + 2] | 0x20 == 0x65 { return i + 3 }
        case 0x6C:  // l, then l
            if i + 2 < end && p[i + 2] | 0x20 == 0x6C { return i + 3 }
        default:
            if b1 == 0xC5 && i + 2 < end && p[i + 2] == 0xBF { return i + 3 }  // ſ
        }
        return i
    }

    /// `[^\s\p{L}\p{N}]+[\r\n/]*` continued from `start`: other and mark chars, then CR, LF, `/`.
    @inline(__always)
    private func punctuationEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int {
        var i = start
        while i < end {
            let (c, n) = try scalar(p, i, end)
            if c != O200kClass.other && c != O200kClass.mark { break }
            i += n
        }
        while i < end && (p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x2F) { i += 1 }
        return i
    }
}

/// The o200k scanner's classes, as stored in its `UnicodeClassTable`
/// (`PreTokenizerPattern.o200k.classOfFine`).
enum O200kClass {
    /// Punctuation, symbols, controls, unassigned.
    static let other: UInt8 = 0
    /// Lu, Lt: only in `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upper: UInt8 = 1
    /// Ll: only in `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lower: UInt8 = 2
    /// Lm, Lo: in both.
    static let caseless: UInt8 = 3
    /// Mn, Mc, Me: in both, and not `\p{L}`.
    static let mark: UInt8 = 4
    static let number: UInt8 = 5
    /// White_Space.
    static let space: UInt8 = 6
}

/// A pre-tokenizer scanner, so the encoder's piece loop is specialized for each.
protocol PieceScanner {
    func pieceEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int
    /// The class and byte length of the scalar starting at `i` (`i < end`).
    func scalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) throws(TokenizerError) -> (UInt8, Int)
    /// The scanner's class of white space (`\s`).
    static var spaceClass: UInt8 { get }
}

extension PieceScanner {
    /// Alternatives 5–7, the same in every supported pattern, for the white-space run that
    /// starts at `start` (its first scalar ends at `i1`; `isNewline`: it is CR or LF):
    /// 5. `\s*[\r\n]+`: in a run containing CR or LF, the match ends after the last CR/LF;
    /// 6. `\s+(?!\S)`: a run at the end of the text, or the run minus its last char;
    /// 7. `\s+`: a single white-space char followed by a non-space char.
    @inline(__always)
    func whiteSpaceEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ i1: Int, isNewline: Bool, _ end: Int) throws(TokenizerError) -> Int {
        // SAFETY: every p[k] read has k < end, within the caller's buffer.
        var i = i1
        var lastNewline = isNewline ? start : -1
        var lastStart = start
        while i < end {
            let b = p[i]
            if b == 0x0A || b == 0x0D {
                lastNewline = i
                lastStart = i
                i += 1
                continue
            }
            let (c, n) = try scalar(p, i, end)
            if c != Self.spaceClass { break }
            lastStart = i
            i += n
        }
        if lastNewline >= 0 { return lastNewline + 1 }  // 5.
        if i == end { return i }  // 6. at the end
        if lastStart > start { return lastStart }  // 6. give back the last char
        return i  // 7.
    }
}

extension PreTokenizer: PieceScanner { static var spaceClass: UInt8 { CharClass.space } }
extension O200kPreTokenizer: PieceScanner { static var spaceClass: UInt8 { O200kClass.space } }
