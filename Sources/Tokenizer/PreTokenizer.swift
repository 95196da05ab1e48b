/// The pre-tokenizer patterns (`PreTokenizerPattern`) as a hand-written scanner over UTF-8 bytes.
/// cl100k (GLM-4):
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// Qwen3.5 is the same scanner with marks in the letter class (its `[\p{L}\p{M}]`) and
/// `maxDigits` 1 (its `\p{N}`); see `PreTokenizerPattern` for why that is exact.
///
/// `pieceEnd` returns where the leftmost-first match starting at `start` ends, exactly as the
/// backtracking regex (tiktoken's fancy-regex) would, and validates the UTF-8 it reads.
/// The regex semantics that matter, per alternative:
/// 1. Contractions, case-insensitive by simple case folding: `'S` matches, and so does `'ſ`
///    (U+017F LONG S folds to `s`); nothing else folds to d, e, l, m, r, t or v.
/// 2. One optional char that is not CR, LF, letter or number, then a letter run.
/// 3. One to `maxDigits` number chars.
/// 4. An optional U+0020, a run of chars that are not space/letter/number, then CR/LF chars.
/// 5. `\s*[\r\n]+`: in a white-space run containing CR or LF, the match ends after the last CR/LF
///    (the greedy `\s*` backs off until `[\r\n]+` can match).
/// 6. `\s+(?!\S)`: a white-space run at the end of the text, or followed by a non-space char minus
///    its last char (which then starts the next piece, e.g. ` word`).
/// 7. `\s+`: a single white-space char followed by a non-space char.
/// The end of the scanned range is the end of text (pieces never look past a special token).
struct PreTokenizer {
    /// See `UnicodeClassTable` for the layout; stage2[b] for b < 0x80 is the ASCII class.
    let stage1: UnsafePointer<UInt16>
    let stage2: UnsafePointer<UInt8>
    /// Longest digit run (3 for cl100k, 1 for Qwen3.5).
    let maxDigits: Int

    init(_ classes: UnicodeClassTable, maxDigits: Int) {
        stage1 = UnsafePointer(classes.stage1.base)
        stage2 = UnsafePointer(classes.stage2.base)
        self.maxDigits = maxDigits
    }

    /// The class and byte length of the scalar starting at `i` (`i < end`), or `.invalidUTF8(i)`.
    /// ASCII inline; the rest out of line (inlining it everywhere cost more than the call).
    @inline(__always)
    func scalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) throws(TokenizerError) -> (UInt8, Int) {
        // SAFETY: i < end.
        let b0 = p[i]
        if b0 < 0x80 { return (stage2[Int(b0)], 1) }
        return try multiByteScalar(p, i, end)
    }

    @inline(never)
    func multiByteScalar(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) throws(TokenizerError) -> (UInt8, Int) {
        // SAFETY (whole function): every p[k] read has k < end (checked before the read), and
        // `end` is within the caller's buffer; stage indices are in bounds by UnicodeClassTable's
        // invariant, since a validated scalar is ≤ 0x10FFFF.
        let b0 = p[i]
        let cp: UInt32
        let n: Int
        if b0 < 0xC2 {  // continuation byte or overlong 2-byte lead
            throw .invalidUTF8(offset: i)
        } else if b0 < 0xE0 {
            guard i + 1 < end else { throw .invalidUTF8(offset: i) }
            let b1 = p[i + 1]
            guard b1 & 0xC0 == 0x80 else { throw .invalidUTF8(offset: i) }
            cp = UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F)
            n = 2
        } else if b0 < 0xF0 {
            guard i + 2 < end else { throw .invalidUTF8(offset: i) }
            let b1 = p[i + 1], b2 = p[i + 2]
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80  // no overlong forms
            let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF  // no surrogates
            guard b1 >= lo && b1 <= hi && b2 & 0xC0 == 0x80 else { throw .invalidUTF8(offset: i) }
            cp = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
            n = 3
        } else if b0 < 0xF5 {
            guard i + 3 < end else { throw .invalidUTF8(offset: i) }
            let b1 = p[i + 1], b2 = p[i + 2], b3 = p[i + 3]
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80  // no overlong forms
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF  // nothing above U+10FFFF
            guard b1 >= lo && b1 <= hi && b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 else { throw .invalidUTF8(offset: i) }
            cp = UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F)
            n = 4
        } else {
            throw .invalidUTF8(offset: i)
        }
        return (stage2[Int(stage1[Int(cp >> 8)]) << 8 | Int(cp & 0xFF)], n)
    }

    /// The end of the piece that starts at `start` (`start < end`).
    @inline(__always)
    func pieceEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int {
        // SAFETY: as in `scalar`; every p[k] below has k < end.
        let b0 = p[start]
        // 1. Contractions.
        if b0 == 0x27 && start + 1 < end {
            let b1 = p[start + 1]
            switch b1 | 0x20 {  // ASCII lowercase; only 'S'/'s' etc. map onto these letters
            case 0x73, 0x74, 0x6D, 0x64:  // s t m d
                return start + 2
            case 0x72, 0x76:  // r v, then e
                if start + 2 < end && p[start + 2] | 0x20 == 0x65 { return start + 3 }
            case 0x6C:  // l, then l
                if start + 2 < end && p[start + 2] | 0x20 == 0x6C { return start + 3 }
            default:
                if b1 == 0xC5 && start + 2 < end && p[start + 2] == 0xBF { return start + 3 }  // ſ
            }
        }
        let (c0, n0) = try scalar(p, start, end)
        let i1 = start + n0
        if c0 == CharClass.letter { return try run(of: CharClass.letter, p, i1, end) }
        if c0 == CharClass.number {
            var i = i1
            var k = 1
            while k < maxDigits && i < end {
                let (c, n) = try scalar(p, i, end)
                if c != CharClass.number { break }
                i += n
                k += 1
            }
            return i
        }
        // c0 is `other` or `space`.
        let isNewline = b0 == 0x0A || b0 == 0x0D
        if !isNewline && i1 < end {
            let (c1, n1) = try scalar(p, i1, end)
            if c1 == CharClass.letter { return try run(of: CharClass.letter, p, i1 + n1, end) }  // 2.
            if b0 == 0x20 && c1 == CharClass.other { return try punctuationEnd(p, i1 + n1, end) }  // 4. with space
        }
        if c0 == CharClass.other { return try punctuationEnd(p, i1, end) }  // 4.
        return try whiteSpaceEnd(p, start, i1, isNewline: isNewline, end)  // 5–7.
    }

    /// The end of a run of `cls` chars starting at `i`.
    @inline(__always)
    private func run(of cls: UInt8, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int {
        var i = start
        if cls == CharClass.letter {
            // ASCII letters 8 bytes at a time: in both patterns the only ASCII letters are
            // A-Z and a-z (no ASCII char is \p{L} or \p{M} otherwise).
            while i + 8 <= end {
                // SAFETY: i + 8 ≤ end.
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let nonLetter = PreTokenizer.nonASCIILetterBytes(w)
                if nonLetter != 0 {
                    i += nonLetter.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
        }
        while i < end {
            let b = p[i]
            if b < 0x80 {
                if stage2[Int(b)] != cls { break }
                i += 1
                continue
            }
            let (c, n) = try multiByteScalar(p, i, end)
            if c != cls { break }
            i += n
        }
        return i
    }

    /// The high bit of each byte of `w` that is not an ASCII letter (A-Z, a-z). Per byte, with
    /// the high bit cleared first so no sum carries into the next byte: y = (b | 0x20) & 0x7F
    /// is a letter iff 0x61 ≤ y ≤ 0x7A, i.e. y + 0x1F has its high bit and y + 0x05 has not.
    @inline(__always)
    static func nonASCIILetterBytes(_ w: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let y = (w | 0x2020_2020_2020_2020) & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = y &+ 0x1F1F_1F1F_1F1F_1F1F
        let aboveZ = y &+ 0x0505_0505_0505_0505
        let letter = atLeastA & ~aboveZ & ~w & high
        return ~letter & high
    }

    /// `[^\s\p{L}\p{N}]+[\r\n]*` continued from `i`.
    @inline(__always)
    private func punctuationEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(TokenizerError) -> Int {
        var i = try run(of: CharClass.other, p, start, end)
        while i < end && (p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
        return i
    }
}
