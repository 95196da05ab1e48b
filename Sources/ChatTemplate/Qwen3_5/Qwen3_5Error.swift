/// Why Qwen3.5's template (or transformers around it) cannot render a record. The cases the
/// template raises itself print its own message; the others are where Jinja or Python would
/// fail with a TypeError/UndefinedError, or where transformers rejects its input.
enum Qwen3_5Error: CustomStringConvertible {
    // raise_exception(...) in the template, verbatim.
    case noMessages, systemImage, systemVideo, unexpectedItem, unexpectedContent
    case noUserQuery, systemNotFirst, unexpectedRole
    // Not the template's own raises.
    case messagesNotAnArray
    /// `tools` is not null or a list of objects (transformers' apply_chat_template raises).
    case toolsNotObjects
    /// A content item that is a number, boolean or null (`'image' in item` raises TypeError).
    case itemNotIterable(message: Int)
    /// A tool call (or its `function`) without a string `name` (`'…' + name` fails).
    case toolCallWithoutName(message: Int, call: Int)
    /// `arguments` present but not a mapping (`|items` raises TypeError).
    case argumentsNotAMapping(message: Int, call: Int)

    var description: String {
        switch self {
        case .noMessages: "No messages provided."
        case .systemImage: "System message cannot contain images."
        case .systemVideo: "System message cannot contain videos."
        case .unexpectedItem: "Unexpected item type in content."
        case .unexpectedContent: "Unexpected content type."
        case .noUserQuery: "No user query found in messages."
        case .systemNotFirst: "System message must be at the beginning."
        case .unexpectedRole: "Unexpected message role."
        case .messagesNotAnArray: "\"messages\" is not an array"
        case .toolsNotObjects: "\"tools\" is not a list of objects (transformers' apply_chat_template raises)"
        case .itemNotIterable(let m): "message \(m + 1): a content item is not an object, list or string (the template raises TypeError)"
        case .toolCallWithoutName(let m, let c): "message \(m + 1), tool call \(c + 1): no string \"name\" (the template raises here)"
        case .argumentsNotAMapping(let m, let c): "message \(m + 1), tool call \(c + 1): \"arguments\" is not a mapping (the template's |items raises)"
        }
    }
}
