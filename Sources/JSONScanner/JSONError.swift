/// Why a record's bytes are not a JSON document Python's `json.loads` would accept.
public struct JSONError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case invalidUTF8
        case controlCharacterInString
        case invalidEscape
        case invalidNumber
        case trailingData
        case tooDeep(limit: Int)
        case tooLarge
    }

    public var reason: Reason
    /// Offset of the offending byte within the record.
    public var byteOffset: Int

    public init(_ reason: Reason, at byteOffset: Int) {
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String {
        let what: String
        switch reason {
        case .unexpectedEnd: what = "unexpected end of JSON"
        case .unexpectedByte(let b):
            what = b >= 0x20 && b < 0x7f
                ? "unexpected character '\(Character(Unicode.Scalar(b)))'"
                : "unexpected byte 0x\(String(b, radix: 16, uppercase: true))"
        case .invalidUTF8: what = "invalid UTF-8"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .invalidEscape: what = "invalid escape in string"
        case .invalidNumber: what = "invalid number"
        case .trailingData: what = "extra data after the JSON value"
        case .tooDeep(let limit): what = "JSON nested deeper than \(limit) levels"
        case .tooLarge: what = "record larger than 4 GiB"
        }
        return "invalid JSON at byte \(byteOffset): \(what)"
    }
}
