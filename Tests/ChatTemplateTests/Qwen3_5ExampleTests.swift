import Foundation
import JSONScanner
import Testing
import TestSupport
@testable import ChatTemplate

/// The kit README's template quirks and label rule as readable cases: the record, the text
/// transformers renders (from the README and the Jinja source), and the trainable parts.
struct Qwen3_5ExampleTests {
    struct Example: Sendable, CustomStringConvertible {
        var name: String
        var record: String
        var text: String
        /// Per-turn trainable text runs, in order.
        var trainable: [String]
        /// Last-turn trainable runs.
        var lastTurn: [String]
        var description: String { name }
    }

    static let think = "<think>\n\n</think>\n\n"

    static let examples: [Example] = [
        // 1. |trim is str.strip(): Python's whitespace, U+3000 and U+00A0 included.
        Example(name: "trim",
                record: #"{"messages":[{"role":"user","content":"  hi\u3000\n"},{"role":"assistant","content":"\n ok \u00a0"}]}"#,
                text: "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n\(think)ok<|im_end|>\n",
                trainable: ["\n</think>\n\nok<|im_end|>"], lastTurn: ["\n</think>\n\nok<|im_end|>"]),
        // U+200B is not whitespace to Python.
        Example(name: "zero width space is kept",
                record: #"{"messages":[{"role":"user","content":"\u200bq"},{"role":"assistant","content":"a\u200b"}]}"#,
                text: "<|im_start|>user\n\u{200B}q<|im_end|>\n<|im_start|>assistant\n\(think)a\u{200B}<|im_end|>\n",
                trainable: ["\n</think>\n\na\u{200B}<|im_end|>"], lastTurn: ["\n</think>\n\na\u{200B}<|im_end|>"]),
        // 2. The system block without and with tools (tojson: one line, ", " and ": ", key order kept).
        Example(name: "system without tools",
                record: #"{"messages":[{"role":"system","content":" Be brief. "},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#,
                text: "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)a<|im_end|>\n",
                trainable: ["\n</think>\n\na<|im_end|>"], lastTurn: ["\n</think>\n\na<|im_end|>"]),
        Example(name: "system with tools",
                record: #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"tools":[{"name":"f","parameters":{"z":1.0,"a":[true,null],"s":"é\"\n"}}]}"#,
                text: "<|im_start|>system\n# Tools\n\nYou have access to the following functions:\n\n<tools>\n"
                    + #"{"name": "f", "parameters": {"z": 1.0, "a": [true, null], "s": "é\"\n"}}"# + "\n</tools>" + toolInstructions
                    + "\n\nBe brief.<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)a<|im_end|>\n",
                trainable: ["\n</think>\n\na<|im_end|>"], lastTurn: ["\n</think>\n\na<|im_end|>"]),
        Example(name: "tools and no system",
                record: #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"tools":[{}]}"#,
                text: "<|im_start|>system\n# Tools\n\nYou have access to the following functions:\n\n<tools>\n{}\n</tools>" + toolInstructions
                    + "<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)a<|im_end|>\n",
                trainable: ["\n</think>\n\na<|im_end|>"], lastTurn: ["\n</think>\n\na<|im_end|>"]),
        // 3./4. last_query_index skips <tool_response> users; only turns after it get <think>.
        Example(name: "last query index",
                record: #"{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"},{"role":"assistant","content":"a2"},{"role":"user","content":"<tool_response>\nr\n</tool_response>"},{"role":"assistant","content":"a3"}]}"#,
                text: "<|im_start|>user\nq1<|im_end|>\n<|im_start|>assistant\na1<|im_end|>\n<|im_start|>user\nq2<|im_end|>\n"
                    + "<|im_start|>assistant\n\(think)a2<|im_end|>\n<|im_start|>user\n<tool_response>\nr\n</tool_response><|im_end|>\n"
                    + "<|im_start|>assistant\n\(think)a3<|im_end|>\n",
                trainable: ["a1<|im_end|>", "\n</think>\n\na2<|im_end|>", "\n</think>\n\na3<|im_end|>"],
                lastTurn: ["\n</think>\n\na3<|im_end|>"]),
        Example(name: "reasoning_content",
                record: #"{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1","reasoning_content":"gone"},{"role":"user","content":"q2"},{"role":"assistant","content":"a2","reasoning_content":"\n  why  \n"}]}"#,
                text: "<|im_start|>user\nq1<|im_end|>\n<|im_start|>assistant\na1<|im_end|>\n<|im_start|>user\nq2<|im_end|>\n"
                    + "<|im_start|>assistant\n<think>\nwhy\n</think>\n\na2<|im_end|>\n",
                trainable: ["a1<|im_end|>", "why\n</think>\n\na2<|im_end|>"], lastTurn: ["why\n</think>\n\na2<|im_end|>"]),
        // 4. </think> inside content: before the last query the reasoning disappears.
        Example(name: "think inside content",
                record: #"{"messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"old<think>r</think>\n\nkept"},{"role":"user","content":"q2"},{"role":"assistant","content":"<think>\nplan\n</think>\n\nanswer"}]}"#,
                text: "<|im_start|>user\nq1<|im_end|>\n<|im_start|>assistant\nkept<|im_end|>\n<|im_start|>user\nq2<|im_end|>\n"
                    + "<|im_start|>assistant\n<think>\nplan\n</think>\n\nanswer<|im_end|>\n",
                trainable: ["kept<|im_end|>", "plan\n</think>\n\nanswer<|im_end|>"], lastTurn: ["plan\n</think>\n\nanswer<|im_end|>"]),
        // 5. Tool calls: str() for scalars (True, 5.0, None), tojson for objects and arrays.
        Example(name: "tool call values",
                record: #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"f","arguments":{"b":true,"x":5.0,"n":null,"s":"t","o":{"k":[1,"2"]}}}}]}]}"#,
                text: "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)<tool_call>\n<function=f>\n"
                    + "<parameter=b>\nTrue\n</parameter>\n<parameter=x>\n5.0\n</parameter>\n<parameter=n>\nNone\n</parameter>\n"
                    + "<parameter=s>\nt\n</parameter>\n<parameter=o>\n{\"k\": [1, \"2\"]}\n</parameter>\n</function>\n</tool_call><|im_end|>\n",
                trainable: ["\n</think>\n\n<tool_call>\n<function=f>\n<parameter=b>\nTrue\n</parameter>\n<parameter=x>\n5.0\n</parameter>\n<parameter=n>\nNone\n</parameter>\n<parameter=s>\nt\n</parameter>\n<parameter=o>\n{\"k\": [1, \"2\"]}\n</parameter>\n</function>\n</tool_call><|im_end|>"],
                lastTurn: ["\n</think>\n\n<tool_call>\n<function=f>\n<parameter=b>\nTrue\n</parameter>\n<parameter=x>\n5.0\n</parameter>\n<parameter=n>\nNone\n</parameter>\n<parameter=s>\nt\n</parameter>\n<parameter=o>\n{\"k\": [1, \"2\"]}\n</parameter>\n</function>\n</tool_call><|im_end|>"]),
        Example(name: "content then two calls",
                record: #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"Checking.","tool_calls":[{"function":{"name":"a","arguments":{}}},{"name":"b"}]}]}"#,
                text: "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)Checking.\n\n<tool_call>\n<function=a>\n</function>\n</tool_call>"
                    + "\n<tool_call>\n<function=b>\n</function>\n</tool_call><|im_end|>\n",
                trainable: ["\n</think>\n\nChecking.\n\n<tool_call>\n<function=a>\n</function>\n</tool_call>\n<tool_call>\n<function=b>\n</function>\n</tool_call><|im_end|>"],
                lastTurn: ["\n</think>\n\nChecking.\n\n<tool_call>\n<function=a>\n</function>\n</tool_call>\n<tool_call>\n<function=b>\n</function>\n</tool_call><|im_end|>"]),
        // 6. A run of tool messages is one user block; <|im_end|>\n after the last of the run.
        Example(name: "grouped tool responses",
                record: #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"","tool_calls":[{"name":"a"}]},{"role":"tool","content":" r1 "},{"role":"tool","content":"r2"},{"role":"assistant","content":"done"}]}"#,
                text: "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n\(think)<tool_call>\n<function=a>\n</function>\n</tool_call><|im_end|>\n"
                    + "<|im_start|>user\n<tool_response>\nr1\n</tool_response>\n<tool_response>\nr2\n</tool_response><|im_end|>\n"
                    + "<|im_start|>assistant\n\(think)done<|im_end|>\n",
                trainable: ["\n</think>\n\n<tool_call>\n<function=a>\n</function>\n</tool_call><|im_end|>", "\n</think>\n\ndone<|im_end|>"],
                lastTurn: ["\n</think>\n\ndone<|im_end|>"]),
        // Content as a list of parts: text items joined, images as vision tokens, then trimmed.
        Example(name: "content parts",
                record: #"{"messages":[{"role":"user","content":[{"type":"text","text":" see "},{"type":"image"},{"type":"text","text":" this "}]},{"role":"assistant","content":[{"type":"text","text":"a cat"}]}]}"#,
                text: "<|im_start|>user\nsee <|vision_start|><|image_pad|><|vision_end|> this<|im_end|>\n<|im_start|>assistant\n\(think)a cat<|im_end|>\n",
                trainable: ["\n</think>\n\na cat<|im_end|>"], lastTurn: ["\n</think>\n\na cat<|im_end|>"]),
    ]

    static let toolInstructions = "\n\nIf you choose to call a function ONLY reply in the following format with NO suffix:\n\n<tool_call>\n<function=example_function_name>\n<parameter=example_parameter_1>\nvalue_1\n</parameter>\n<parameter=example_parameter_2>\nThis is the value for the second parameter\nthat can span\nmultiple lines\n</parameter>\n</function>\n</tool_call>\n\n<IMPORTANT>\nReminder:\n- Function calls MUST follow the specified format: an inner <function=...></function> block must be nested within <tool_call></tool_call> XML tags\n- Required parameters MUST be specified\n- You may provide optional reasoning for your function call in natural language BEFORE the function call, but NOT after\n- If there is no function call available, answer the question like normal with your current knowledge and do not tell the user about function calls\n</IMPORTANT>"

    @Test(arguments: examples)
    func example(_ e: Example) throws {
        let r = try qwenRender(e.record, .perTurn)
        #expect(Array(r.text.unicodeScalars) == Array(e.text.unicodeScalars))
        #expect(r.trainableTexts == e.trainable)
        let last = try qwenRender(e.record, .lastTurn)
        #expect(Array(last.text.unicodeScalars) == Array(e.text.unicodeScalars))
        #expect(last.trainableTexts == e.lastTurn)
    }

    /// With empty reasoning, `<think>` `\n` (header) + `\n` (target) is one text run, so the
    /// tokenizer sees `\n\n` whole and its first byte is the header's (README's note).
    @Test func emptyReasoningNewlinesShareARun() throws {
        var tape = JSONTape()
        var out = RenderedConversation()
        let record = Array(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#.utf8)
        try record.withUnsafeBytes { bytes in
            try tape.parse(bytes)
            try qwen.render(tape, record: bytes, mode: .perTurn, into: &out)
        }
        let think = qwenSpecialIDs["<think>"]!
        let i = try #require(out.segments.firstIndex { $0.special == think })
        #expect(Array(out.text(i + 1)) == [10] && !out.segments[i + 1].trainable && !out.segments[i + 1].joinsPrevious)
        #expect(Array(out.text(i + 2)) == [10] && out.segments[i + 2].trainable && out.segments[i + 2].joinsPrevious)
        #expect(out.segments[i + 3].special == qwenSpecialIDs["</think>"] && out.segments[i + 3].trainable)
    }

    /// Every template token is a special segment with the kit's id.
    @Test func specialsAreTheKitsIDs() {
        for t in Qwen3_5Token.allCases {
            #expect(qwen.specialText(qwenSpecialIDs[t.text]!) == t.text)
        }
        #expect(qwen.specialText(qwenSpecialIDs["<|endoftext|>"]!) == nil)
        #expect(qwen.targetRule(.perTurn) == .segments(shift: 0))
        #expect(qwen.targetRule(.lastTurn) == .segments(shift: 0))
    }

    /// The registry recognizes the kit's template and not GLM-4's or gpt-oss's.
    @Test func familyRecognition() throws {
        func chatTemplate(_ url: URL) throws -> String {
            let data = try #require(FileManager.default.contents(atPath: url.path))
            let config = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            return try #require(config["chat_template"] as? String)
        }
        let qwenTemplate = try chatTemplate(ModelKit.qwen3_5.file("tokenizer_config.json"))
        #expect(TemplateFamily.qwen3_5.recognize(qwenTemplate))
        #expect(TemplateFamily.recognizing(qwenTemplate) == .qwen3_5)
        let jinja = try String(contentsOf: ModelKit.qwen3_5.file("chat_template.jinja"), encoding: .utf8)
        #expect(TemplateFamily.qwen3_5.recognize(jinja))
        let glm = try chatTemplate(Reference.packageRoot.appendingPathComponent("Sources/GLM4/Resources/tokenizer_config.json"))
        #expect(!TemplateFamily.qwen3_5.recognize(glm))
        #expect(TemplateFamily.recognizing(glm) == .glm4)
        let gptOSS = try chatTemplate(ModelKit.gptOSS.file("tokenizer_config.json"))
        #expect(!TemplateFamily.qwen3_5.recognize(gptOSS))
    }
}
