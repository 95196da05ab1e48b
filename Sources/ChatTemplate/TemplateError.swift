/// Why a parsed record cannot be rendered: where the official code raises, and records that
/// are not conversations at all.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case recordNotAnObject
        case noMessages
        case messagesNotAnArray
        /// Message index (0-based) whose value is not an object.
        case messageNotAnObject(Int)
        case roleNotAString(Int)
        case contentNotAString(Int)
        /// `tools` is null, a number or a boolean (the template cannot iterate it).
        case toolsNotIterable(Int)
        /// A system message's tool lacks `function.parameters.properties` (an object at each
        /// level); the official `process_message` raises KeyError/TypeError.
        case toolWithoutProperties(message: Int, tool: Int)
        /// A tool of type "function" without a `function` member (Jinja raises UndefinedError).
        case functionToolWithoutFunction(message: Int, tool: Int)
    }

    public var reason: Reason
    /// Offset within the record of the value at fault.
    public var byteOffset: Int

    public init(_ reason: Reason, at byteOffset: Int) {
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String {
        switch reason {
        case .recordNotAnObject: "record is not a JSON object"
        case .noMessages: "record has no \"messages\""
        case .messagesNotAnArray: "\"messages\" is not an array"
        case .messageNotAnObject(let i): "message \(i + 1) is not an object"
        case .roleNotAString(let i): "message \(i + 1) has no string \"role\""
        case .contentNotAString(let i): "message \(i + 1): \"content\" is not a string"
        case .toolsNotIterable(let i): "message \(i + 1): \"tools\" is not a list"
        case .toolWithoutProperties(let m, let t):
            "message \(m + 1), tool \(t + 1): a system tool needs function.parameters.properties (the official code raises here)"
        case .functionToolWithoutFunction(let m, let t):
            "message \(m + 1), tool \(t + 1): tool of type \"function\" has no \"function\" (the template raises here)"
        }
    }
}
