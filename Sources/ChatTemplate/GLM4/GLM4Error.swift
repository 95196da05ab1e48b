/// Why GLM-4's template or the official code cannot render a record.
enum GLM4Error: CustomStringConvertible {
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

    var description: String {
        switch self {
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
