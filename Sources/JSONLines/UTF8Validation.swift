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
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < n else { return i }
            let b1 = bytes[i + 1]
            guard b1 >= lo && b1 <= hi else { return i }
            if need >= 2 { guard bytes[i + 2] & 0xC0 == 0x80 else { return i } }
            if need >= 3 { guard bytes[i + 3] & 0xC0 == 0x80 else { return i } }
            i += need + 1
        }
        return nil
    }
}
