import Tokenizer

/// Renders one encoded sequence for people: decoded text with the training targets marked,
/// or a token table like the worked example in README "The label rule".
public struct SequenceView {
    /// How targets are marked in text views.
    public enum Marking: Sendable {
        /// ANSI colour (bold green) around target runs: for terminals.
        case color
        /// `[[` … `]]` around target runs: for pipes and logs (`[[` cannot be confused with the
        /// single brackets of `[gMASK]`).
        case brackets
    }

    public static let ignoreIndex: Int32 = -100
    static let openBrackets = "[["
    static let closeBrackets = "]]"
    static let colorOn = "\u{1B}[1;32m"
    static let colorOff = "\u{1B}[0m"

    let tokenizer: Tokenizer

    public init(tokenizer: Tokenizer) { self.tokenizer = tokenizer }

    /// `sequence I: N tokens, T targets` (without the target count when there are no labels).
    public func header(index: Int, ids: some Collection<Int32>, labels: (some Collection<Int32>)?) -> String {
        var s = "sequence \(index): \(ids.count) tokens"
        if let labels { s += ", \(labels.filter { $0 != Self.ignoreIndex }.count) targets" }
        return s
    }

    /// The decoded text; each maximal run of target tokens is marked. Special tokens appear as
    /// their names (`<|user|>`). Bytes are decoded per run, so a character split across a
    /// target boundary shows as U+FFFD on both sides rather than being moved.
    public func text(ids: [Int32], labels: [Int32]?, marking: Marking) -> String {
        guard let labels else { return tokenizer.decodeLossy(ids) }
        var out = ""
        var i = 0
        while i < ids.count {
            let target = labels[i] != Self.ignoreIndex
            var j = i
            while j < ids.count && (labels[j] != Self.ignoreIndex) == target { j += 1 }
            let run = tokenizer.decodeLossy(ids[i..<j])
            if target {
                switch marking {
                case .color: out += Self.colorOn + run + Self.colorOff
                case .brackets: out += Self.openBrackets + run + Self.closeBrackets
                }
            } else {
                out += run
            }
            i = j
        }
        return out
    }

    /// One row per token: position, id, token text (escaped), label.
    public func tokenTable(ids: [Int32], labels: [Int32]?) -> String {
        var rows = [labels == nil ? "pos\tid\ttoken" : "pos\tid\ttoken\tlabel"]
        for (k, id) in ids.enumerated() {
            var row = "\(k)\t\(id)\t\(tokenText(id))"
            if let labels { row += "\t\(labels[k])" }
            rows.append(row)
        }
        return rows.joined(separator: "\n")
    }

    /// A token's text with control characters and invalid UTF-8 escaped, so one token is one cell.
    public func tokenText(_ id: Int32) -> String {
        guard let bytes = tokenizer.tokenBytes(id) else { return "<invalid id \(id)>" }
        var s = ""
        var i = 0
        while i < bytes.count {
            let (scalar, width) = decodeScalar(bytes, at: i)
            if let scalar {
                switch scalar {
                case "\n": s += "\\n"
                case "\r": s += "\\r"
                case "\t": s += "\\t"
                case "\\": s += "\\\\"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        s += "\\u{\(String(scalar.value, radix: 16))}"
                    } else {
                        s.unicodeScalars.append(scalar)
                    }
                }
            } else {
                s += "\\x" + (bytes[i] < 16 ? "0" : "") + String(bytes[i], radix: 16)
            }
            i += width
        }
        return s
    }

    /// The scalar starting at `i`, or nil (width 1) for a byte that does not start valid UTF-8.
    private func decodeScalar(_ b: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        var it = b[i...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let v) = decoder.decode(&it) {
            let w = UTF8.width(v)
            return (v, w)
        }
        return (nil, 1)
    }
}
