/// The pre-tokenizer's character classes. A code point is in at most one of them; which code
/// points are in which is the pattern's choice (`PreTokenizerPattern.classOfFine`).
enum CharClass {
    /// Neither a letter, a number nor white space (punctuation, symbols, controls, unassigned;
    /// marks for cl100k).
    static let other: UInt8 = 0
    /// `\p{L}` (cl100k) or `[\p{L}\p{M}]` (Qwen3.5).
    static let letter: UInt8 = 1
    /// `\p{N}`: General_Category N*.
    static let number: UInt8 = 2
    /// `\s`: White_Space.
    static let space: UInt8 = 3
}

/// The generated classes (`unicodeFineClassRanges`, Tools/gen_unicode_tables.py), finer than
/// any one pattern needs, so that each pattern maps them onto its own `CharClass`es.
enum UnicodeFineClass {
    static let other: UInt8 = 0
    static let Lu: UInt8 = 1
    static let Ll: UInt8 = 2
    static let Lt: UInt8 = 3
    static let Lm: UInt8 = 4
    static let Lo: UInt8 = 5
    /// Mn, Mc, Me.
    static let mark: UInt8 = 6
    /// Nd, Nl, No.
    static let number: UInt8 = 7
    static let whiteSpace: UInt8 = 8
    static let count = 9
}

/// Class of every Unicode scalar value for one pattern, as a two-level table built from the
/// generated `unicodeFineClassRanges` and the pattern's map of fine classes (about 1 ms, once
/// per pattern per process: `PreTokenizerPattern.classTable`).
///
/// Layout:
/// - `stage1[cp >> 8]` (UInt16, 4352 entries, 2 bytes each): the block number of the 256 code
///   points sharing `cp >> 8`.
/// - `stage2[block << 8 | (cp & 0xFF)]` (UInt8, 256 per distinct block): the `CharClass`.
/// Invariant: every stage1 value is < stage2.count / 256, so any cp ≤ 0x10FFFF indexes in bounds.
/// About 40 KB for Unicode 16.0 (few distinct blocks), so the table stays in cache.
final class UnicodeClassTable: Sendable {
    let stage1: FixedBuffer<UInt16>
    let stage2: FixedBuffer<UInt8>

    /// `classOfFine[f]` is the class of the code points of fine class `f` (`UnicodeFineClass.count` entries).
    init(classOfFine: [UInt8], ranges: [UInt32] = unicodeFineClassRanges) {
        precondition(classOfFine.count == UnicodeFineClass.count)
        var flat = [UInt8](repeating: classOfFine[Int(UnicodeFineClass.other)], count: 0x110000)
        var r = 0
        while r + 2 < ranges.count {
            let first = Int(ranges[r]), last = Int(ranges[r + 1]), cls = classOfFine[Int(ranges[r + 2])]
            for cp in first...last { flat[cp] = cls }
            r += 3
        }
        // Distinct blocks by a word-wise hash of their 256 bytes, then a compare: hashing each
        // block as an `[UInt8]` dictionary key took ~72 M instructions, 14% of vocabulary load.
        var blocksOfHash: [UInt64: [UInt16]] = [:]
        var s1 = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var s2: [UInt8] = []
        flat.withUnsafeBytes { f in
            for b in 0..<(0x110000 >> 8) {
                let start = b << 8
                var h: UInt64 = 0
                for w in 0..<32 {
                    h = (h ^ f.loadUnaligned(fromByteOffset: start + 8 * w, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                    h ^= h >> 29
                }
                var found: UInt16? = nil
                for n in blocksOfHash[h, default: []] {
                    let same = s2.withUnsafeBytes { t in
                        memEqual(f.baseAddress! + start, t.baseAddress! + (Int(n) << 8), 256)
                    }
                    if same {
                        found = n
                        break
                    }
                }
                if let n = found {
                    s1[b] = n
                } else {
                    let n = UInt16(s2.count >> 8)
                    blocksOfHash[h, default: []].append(n)
                    s1[b] = n
                    s2.append(contentsOf: UnsafeRawBufferPointer(rebasing: f[start..<(start + 256)]))
                }
            }
        }
        stage1 = FixedBuffer(s1)
        stage2 = FixedBuffer(s2)
    }

    /// The class of a scalar value (any value ≤ 0x10FFFF; surrogates are class `other`).
    func charClass(_ cp: UInt32) -> UInt8 {
        precondition(cp < 0x110000)
        return stage2.base[Int(stage1.base[Int(cp >> 8)]) << 8 | Int(cp & 0xFF)]
    }
}

/// Whether `n` bytes (a multiple of 8) at `a` and `b` are equal.
private func memEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    return true
}
