import ChatTemplate
import JSONScanner
import Tokenizer

/// Reason a record cannot be encoded (the pipeline adds file and line).
public struct RecordError: Error, CustomStringConvertible, Sendable, Equatable {
    public var reason: String
    /// Offset within the record of the byte or value at fault, when there is one.
    public var byteOffset: Int?

    public init(reason: String, byteOffset: Int? = nil) {
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String {
        // JSON errors already say "at byte N": the offset is not stated twice.
        guard let o = byteOffset, !reason.contains("byte \(o)") else { return reason }
        return "\(reason) (byte \(o))"
    }

    init(_ e: JSONError) { self.init(reason: e.description, byteOffset: e.byteOffset) }
    init(_ e: TemplateError) { self.init(reason: e.description, byteOffset: e.byteOffset) }
    init(_ e: TokenizerError) { self.init(reason: e.description) }
}
