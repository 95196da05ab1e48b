import Testing
@testable import ChatTemplate

/// Records Qwen3.5's template cannot render: its own raises keep their message; the rest are
/// errors that say why. Each error points at the value at fault.
struct Qwen3_5ErrorTests {
    struct Bad: Sendable, CustomStringConvertible {
        var record: String
        var message: String
        /// The text at the error's byte offset.
        var at: String
        var description: String { message }
    }

    static let q = #"{"role":"user","content":"q"}"#

    static let bad: [Bad] = [
        Bad(record: #"{"messages":[]}"#, message: "No messages provided.", at: "[]"),
        Bad(record: #"{"messages":null}"#, message: "No messages provided.", at: "null"),
        Bad(record: #"{"messages":{"role":"user"}}"#, message: "\"messages\" is not an array", at: "{\"role\""),
        Bad(record: #"{"messages":[{"role":"system","content":"s"},{"role":"assistant","content":"a"}]}"#,
            message: "No user query found in messages.", at: "[{\"role\":\"system\""),
        Bad(record: #"{"messages":[{"role":"user","content":"<tool_response>r</tool_response>"}]}"#,
            message: "No user query found in messages.", at: "[{"),
        Bad(record: #"{"messages":[\#(q),{"role":"system","content":"late"}]}"#,
            message: "System message must be at the beginning.", at: #"{"role":"system""#),
        Bad(record: #"{"messages":[\#(q),{"role":"robot","content":"beep"}]}"#, message: "Unexpected message role.", at: #""robot""#),
        Bad(record: #"{"messages":[\#(q),{"content":"no role"}]}"#, message: "Unexpected message role.", at: #"{"content""#),
        Bad(record: #"{"messages":[\#(q),"text"]}"#, message: "Unexpected message role.", at: #""text""#),
        Bad(record: #"{"messages":[{"role":"user","content":5}]}"#, message: "Unexpected content type.", at: "5}"),
        Bad(record: #"{"messages":[\#(q),{"role":"assistant","content":{"text":"a"}}]}"#, message: "Unexpected content type.", at: #"{"text""#),
        Bad(record: #"{"messages":[{"role":"user","content":[{"type":"audio"}]}]}"#, message: "Unexpected item type in content.", at: #"{"type":"audio"}"#),
        Bad(record: #"{"messages":[{"role":"system","content":[{"type":"image"}]},\#(q)]}"#, message: "System message cannot contain images.", at: #"{"type":"image"}"#),
        Bad(record: #"{"messages":[{"role":"system","content":[{"video":"v"}]},\#(q)]}"#, message: "System message cannot contain videos.", at: #"{"video""#),
        Bad(record: #"{"messages":[{"role":"user","content":[7]}]}"#,
            message: "message 1: a content item is not an object, list or string (the template raises TypeError)", at: "7]"),
        Bad(record: #"{"messages":[\#(q),{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":"{\"x\":1}"}}]}]}"#,
            message: "message 2, tool call 1: \"arguments\" is not a mapping (the template's |items raises)", at: #""{\"x"#),
        Bad(record: #"{"messages":[\#(q),{"role":"assistant","content":"","tool_calls":[{"name":"f"},{"function":{"arguments":{}}}]}]}"#,
            message: "message 2, tool call 2: no string \"name\" (the template raises here)", at: #"{"arguments""#),
        Bad(record: #"{"messages":[\#(q),{"role":"assistant","content":"","tool_calls":[{"function":null}]}]}"#,
            message: "message 2, tool call 1: no string \"name\" (the template raises here)", at: "null"),
        Bad(record: #"{"messages":[\#(q),{"role":"assistant","content":"","tool_calls":"abc"}]}"#,
            message: "message 2, tool call 1: no string \"name\" (the template raises here)", at: #""abc""#),
        Bad(record: #"{"messages":[\#(q)],"tools":{"name":"f"}}"#,
            message: "\"tools\" is not a list of objects (transformers' apply_chat_template raises)", at: #"{"name":"f"}"#),
        Bad(record: #"{"messages":[\#(q)],"tools":["f"]}"#,
            message: "\"tools\" is not a list of objects (transformers' apply_chat_template raises)", at: #""f"]"#),
    ]

    @Test(arguments: bad, LabelMode.allCases)
    func raises(_ b: Bad, _ mode: LabelMode) throws {
        let error = try #require(qwenError(b.record, mode))
        #expect(error.message == b.message)
        let bytes = Array(b.record.utf8)
        #expect(bytes[error.byteOffset...].starts(with: Array(b.at.utf8)))
    }

    @Test func notAConversation() {
        #expect(qwenError("[1]") == .recordNotAnObject())
        #expect(qwenError(#"{"msgs":[]}"#) == .noMessages())
    }

    /// With afterMessage stopping after the first message, the rest is still checked: the
    /// same error as the full rendering, at the same place.
    @Test(arguments: [
        #"{"messages":[\#(q),{"role":"assistant","content":"a"},{"role":"robot","content":"x"}]}"#,
        #"{"messages":[\#(q),{"role":"assistant","content":"a"},{"role":"system","content":"x"}]}"#,
        #"{"messages":[\#(q),{"role":"assistant","content":"","tool_calls":[{"name":"f","arguments":[1]}]}]}"#,
        #"{"messages":[\#(q),{"role":"assistant","content":"a"},{"role":"tool","content":[{"type":"audio"}]},\#(q)]}"#,
        #"{"messages":[\#(q),{"role":"assistant","content":"a"},{"role":"assistant","content":5}]}"#,
    ])
    func errorsAfterTheCut(_ record: String) throws {
        let full = try #require(qwenError(record))
        for mode in LabelMode.allCases {
            var calls = 0
            var cut: TemplateError?
            do { _ = try qwenRender(Array(record.utf8), mode) { _ in calls += 1; return false } } catch { cut = error }
            #expect(cut == full)
            #expect(calls == 1)
        }
    }
}
