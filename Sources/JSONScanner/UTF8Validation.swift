/// Strict UTF-8 validation (Unicode Table 3-7: no overlongs, no surrogates, nothing above
/// U+10FFFF), so a record with broken bytes is rejected with a reason instead of being
/// tokenized as raw bytes. The reference reader would stop on such a file altogether.
public enum UTF8Validation {
    /// The offset of the first byte that is not part of a well-formed sequence, or nil.
    ///
    /// ASCII runs are checked 8 bytes at a time; chat data is mostly ASCII, so this costs a
    /// small fraction of tokenizing the same bytes.
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < n {
            // SAFETY: i + 8 <= n, so the 8-byte load stays inside `bytes`.
            while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            if bytes[i] < 0x80 { i += 1; continue }
            guard let next = sequenceEnd(bytes, at: i) else { return i }
            i = next
        }
        return nil
    }

    /// Where the non-ASCII sequence starting at `p` ends, or nil if it is not well formed
    /// (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    @inline(__always)
    public static func sequenceEnd(_ bytes: UnsafeRawBufferPointer, at p: Int) -> Int? {
        let n = bytes.count
        let len: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // allowed range of the second byte
        switch bytes[p] {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: return nil
        }
        guard p + len <= n else { return nil }
        let c1 = bytes[p + 1]
        guard c1 >= lo && c1 <= hi else { return nil }
        for k in 2..<len where bytes[p + k] & 0xC0 != 0x80 { return nil }
        return p + len
    }
}
