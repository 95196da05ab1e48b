/// GPT-2's byte ↔ unicode mapping (`bytes_to_unicode`), which byte-level BPE files use to
/// write token bytes as printable characters: bytes `!`…`~`, `¡`…`¬`, `®`…`ÿ` stand for
/// themselves; the other 68 bytes, in ascending order, are U+0100, U+0101, … (so space is `Ġ`
/// U+0120).
enum ByteLevel {
    /// `byteOfScalar[cp]` (cp < 0x144): the byte that scalar `cp` stands for, or -1.
    static let byteOfScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        var extra = 0
        for b in 0..<256 {
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if printable {
                table[b] = Int16(b)
            } else {
                table[0x100 + extra] = Int16(b)
                extra += 1
            }
        }
        return table
    }()

    /// Appends the bytes that the UTF-8 string `s` stands for; false when `s` holds a scalar
    /// outside the 256-character alphabet (or is not UTF-8 of scalars below U+0144).
    static func decode(_ s: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        // One read of the global per call (per character it cost ~25 M instructions of load).
        let table = byteOfScalar
        var i = 0
        let n = s.count
        while i < n {
            let b0 = s[i]
            var cp: Int
            if b0 < 0x80 {
                cp = Int(b0)
                i += 1
            } else if b0 >= 0xC2 && b0 < 0xE0 && i + 1 < n && s[i + 1] & 0xC0 == 0x80 {
                cp = Int(b0 & 0x1F) << 6 | Int(s[i + 1] & 0x3F)
                i += 2
            } else {
                return false
            }
            let b = cp < 0x144 ? table[cp] : -1
            if b < 0 { return false }
            out.append(UInt8(b))
        }
        return true
    }
}
