/// Whether a line is blank the way the reference reader decides it: Python's `line.strip()`
/// is empty, i.e. every character is whitespace by `str.isspace()`.
///
/// That set is wider than JSON's: besides ASCII space, tab, CR, LF, VT and FF it has the
/// separators U+001C–U+001F, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+3000. A line of only those is skipped and counted, never rejected. The scan
/// stops at the first other byte, so a record costs one or two byte checks (`{` ends it).
public enum BlankLine {
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = line.count
        while i < n {
            let b = line[i]
            switch b {
            case 0x09...0x0D, 0x1C...0x20:
                i += 1
            case 0xC2:
                guard i + 1 < n, line[i + 1] == 0x85 || line[i + 1] == 0xA0 else { return false }
                i += 2
            case 0xE1:
                guard i + 2 < n, line[i + 1] == 0x9A, line[i + 2] == 0x80 else { return false }
                i += 3
            case 0xE2:
                guard i + 2 < n else { return false }
                let b1 = line[i + 1], b2 = line[i + 2]
                let ok = (b1 == 0x80 && (b2 <= 0x8A && b2 >= 0x80 || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF))
                    || (b1 == 0x81 && b2 == 0x9F)
                guard ok else { return false }
                i += 3
            case 0xE3:
                guard i + 2 < n, line[i + 1] == 0x80, line[i + 2] == 0x80 else { return false }
                i += 3
            default:
                return false
            }
        }
        return true
    }
}
