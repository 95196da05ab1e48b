/// Why a parsed record cannot be rendered: where the family's own template raises (its
/// message), and records that are not conversations at all.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    /// Offset within the record of the value at fault.
    public var byteOffset: Int

    public init(_ message: String, at byteOffset: Int) {
        self.message = message
        self.byteOffset = byteOffset
    }

    public var description: String { message }

    public static func recordNotAnObject() -> TemplateError { TemplateError("record is not a JSON object", at: 0) }
    public static func noMessages() -> TemplateError { TemplateError("record has no \"messages\"", at: 0) }
}
