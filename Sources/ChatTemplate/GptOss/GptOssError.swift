/// Why gpt-oss's template (or transformers around it) cannot render a record. The cases the
/// template raises itself print its own message; the others are where Jinja or Python would
/// fail with a TypeError/UndefinedError, or where transformers rejects its input.
enum GptOssError: CustomStringConvertible {
    // raise_exception(...) in the template, verbatim.
    case channelTagsInContent, channelTagsInThinking, contentAndThinking, toolWithoutCall
    // Not the template's own raises.
    case messagesNotAnArray
    /// An empty list (`messages[0].role` is undefined).
    case noMessages
    case messageNotAnObject(message: Int)
    /// `tools` is not null or a list of objects (transformers' apply_chat_template raises).
    case toolsNotObjects
    /// A tool without a `function` object holding a string `name` and `description`.
    case toolNotAFunction(tool: Int, field: String)
    /// A parameter schema the TypeScript macros cannot print (Jinja raises there).
    case schema(tool: Int, reason: String)
    /// A content (or thinking) the template concatenates that is not a string.
    case notAString(message: Int, field: String)
    /// An assistant message with `reasoning_content` and no `thinking`: the template reads only
    /// `thinking`, so the reasoning would be dropped without a word.
    case reasoningContentNotRead(message: Int)
    /// A tool message without `content` (`|tojson` of an undefined value raises).
    case toolWithoutContent(message: Int)
    /// `tool_calls` that is not a non-empty list whose first call has a string `name` (and
    /// `function`, `content_type` as the template reads them) and `arguments`.
    case badToolCall(message: Int, reason: String)

    var description: String {
        switch self {
        case .channelTagsInContent: "You have passed a message containing <|channel|> tags in the content field. Instead of doing this, you should pass analysis messages (the string between '<|message|>' and '<|end|>') in the 'thinking' field, and final messages (the string between '<|message|>' and '<|end|>') in the 'content' field."
        case .channelTagsInThinking: "You have passed a message containing <|channel|> tags in the thinking field. Instead of doing this, you should pass analysis messages (the string between '<|message|>' and '<|end|>') in the 'thinking' field, and final messages (the string between '<|message|>' and '<|end|>') in the 'content' field."
        case .contentAndThinking: "Cannot pass both content and thinking in an assistant message with tool calls! Put the analysis message in one or the other, but not both."
        case .toolWithoutCall: "Message has tool role, but there was no previous assistant message with a tool call!"
        case .messagesNotAnArray: "\"messages\" is not an array"
        case .noMessages: "\"messages\" is empty (the template reads messages[0])"
        case .messageNotAnObject(let m): "message \(m + 1) is not an object"
        case .toolsNotObjects: "\"tools\" is not a list of objects (transformers' apply_chat_template raises)"
        case .toolNotAFunction(let t, let f): "tool \(t + 1): \(f) (the template's tool macro raises)"
        case .schema(let t, let r): "tool \(t + 1): \(r) (the template's TypeScript macro raises)"
        case .reasoningContentNotRead(let m): "message \(m + 1): the gpt-oss template reads \"thinking\", not \"reasoning_content\" (rename the field; otherwise the reasoning would be dropped)"
        case .notAString(let m, let f): "message \(m + 1): \"\(f)\" is not a string (the template raises TypeError)"
        case .toolWithoutContent(let m): "message \(m + 1): a tool message without \"content\" (the template's |tojson raises)"
        case .badToolCall(let m, let r): "message \(m + 1): \(r) (the template raises here)"
        }
    }
}
