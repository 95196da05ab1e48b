/// Everything that can go wrong loading a vocabulary or encoding text.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The vocabulary file is not `<base64> <rank>` lines with dense unique ranks and unique
    /// byte strings covering all 256 single bytes. `line` is 1-based (0: the file as a whole).
    case malformedVocabulary(file: String, line: Int, reason: String)
    /// The vocabulary bytes do not hash to the expected sha256.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// The vocabulary file could not be read.
    case unreadableVocabulary(file: String, reason: String)
    /// A special token is empty, repeated, or its id collides with a vocabulary rank or another special.
    case invalidSpecialToken(text: String, id: Int32, reason: String)
    /// The input is not valid UTF-8; `offset` is the byte offset (0-based) of the offending sequence's first byte.
    case invalidUTF8(offset: Int)

    public var description: String {
        switch self {
        case let .malformedVocabulary(file, line, reason):
            return line > 0 ? "\(file):\(line): malformed vocabulary: \(reason)" : "\(file): malformed vocabulary: \(reason)"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): sha256 mismatch: expected \(expected), got \(actual)"
        case let .unreadableVocabulary(file, reason):
            return "\(file): cannot read vocabulary: \(reason)"
        case let .invalidSpecialToken(text, id, reason):
            return "special token \(text) (id \(id)): \(reason)"
        case let .invalidUTF8(offset):
            return "invalid UTF-8 at byte offset \(offset)"
        }
    }
}
