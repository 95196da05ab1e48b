/// The pre-tokenizer's character classes. A code point is in at most one of them.
enum CharClass {
    /// Neither a letter, a number nor white space (punctuation, symbols, marks, controls, unassigned).
    static let other: UInt8 = 0
    /// `\p{L}`: General_Category L*.
    static let letter: UInt8 = 1
    /// `\p{N}`: General_Category N*.
    static let number: UInt8 = 2
    /// `\s`: White_Space.
    static let space: UInt8 = 3
}

/// Class of every Unicode scalar value, as a two-level table built once from the generated
/// `unicodeClassRanges` (about 1 ms).
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

    /// The shared table (built on first use).
    static let shared = UnicodeClassTable(ranges: unicodeClassRanges)

    init(ranges: [UInt32]) {
        var flat = [UInt8](repeating: CharClass.other, count: 0x110000)
        var r = 0
        while r + 2 < ranges.count {
            let first = Int(ranges[r]), last = Int(ranges[r + 1]), cls = UInt8(ranges[r + 2])
            for cp in first...last { flat[cp] = cls }
            r += 3
        }
        var blockOf: [[UInt8]: UInt16] = [:]
        var s1 = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var s2: [UInt8] = []
        for b in 0..<(0x110000 >> 8) {
            let block = Array(flat[(b << 8)..<((b + 1) << 8)])
            if let n = blockOf[block] {
                s1[b] = n
            } else {
                let n = UInt16(s2.count >> 8)
                blockOf[block] = n
                s1[b] = n
                s2.append(contentsOf: block)
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
