import ChatTemplate
import Foundation
import Testing
import TestSupport
@testable import Labels

/// `--input-format openai` with GLM-4's template: the Qwen kit's `dev.jsonl` is GLM-4's
/// `dev.jsonl` converted to OpenAI messages (its README, "Corpus conversion"), so mapping it
/// back must reproduce GLM-4's reference rows, except where the conversion cannot be undone:
/// assistant content that was exactly `{"name": …, "arguments": {…}}` text became a tool call.
struct OpenAIInputParityTests {
    /// Lines of GLM-4's dev.jsonl with an assistant message whose content is such a call text.
    static func callTextLines() throws -> Set<Int> {
        var out = Set<Int>()
        for (i, any) in try Reference.jsonLines(Reference.data("dev.jsonl")).enumerated() {
            let messages = (any as! [String: Any])["messages"] as! [[String: Any]]
            for m in messages where m["role"] as? String == "assistant" && m["metadata"] == nil {
                guard let c = m["content"] as? String, let data = c.data(using: .utf8),
                      let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                if Set(o.keys) == ["name", "arguments"] { out.insert(i) }
            }
        }
        return out
    }

    @Test(arguments: [LabelMode.perTurn, .lastTurn])
    func kitConversationsReproduceGLM4Rows(_ mode: LabelMode) throws {
        let template = try GLM4Template(SpecialTokenLookup { glm4.specialTokenID($0) }, inputFormat: .openai)
        let inputs = try ModelKit.qwen3_5.lines("dev.jsonl")
        let rows = try Reference.rows(mode == .perTurn ? "dev_ref_nolimit.jsonl" : "dev_ref_combine.jsonl")
        let options = mode == .perTurn ? LabelOptions(mode: mode, maxLength: nil) : LabelOptions(mode: mode)
        var encoder = ChatRecordEncoder(tokenizer: glm4, template: template, options: options)
        var ids: [Int32] = [], labels: [Int32] = []
        var differ = Set<Int>()
        for (i, (line, row)) in zip(inputs, rows).enumerated() {
            try encoder.encode(line, ids: &ids, labels: &labels)
            if ids != row.inputIDs || labels != row.labels { differ.insert(i) }
        }
        let expected = try Self.callTextLines()
        #expect(!expected.isEmpty)
        #expect(differ.isSubset(of: expected), "rows \(differ.subtracting(expected).sorted().prefix(10)) differ")
        print("openai → glm4 (\(mode.rawValue)): \(inputs.count - differ.count) of \(inputs.count) rows equal; \(differ.count) differ, all where GLM-4's data had a call as assistant text")
    }

    static func error(_ record: String) -> String? {
        let template = try! GLM4Template(SpecialTokenLookup { glm4.specialTokenID($0) }, inputFormat: .openai)
        var e = ChatRecordEncoder(tokenizer: glm4, template: template, options: LabelOptions())
        var ids: [Int32] = [], labels: [Int32] = []
        do { try e.encode(Array(record.utf8), ids: &ids, labels: &labels) } catch { return error.reason }
        return nil
    }

    /// What GLM-4's template cannot render is rejected, never rendered as text.
    @Test func unrenderableFieldsAreRejected() {
        let cases: [(String, String)] = [
            (#"{"messages":[{"role":"developer","content":"x"}]}"#, "role must be system, user, assistant or tool"),
            (#"{"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}]}"#, "text content only"),
            (#"{"messages":[{"role":"assistant","content":"a","reasoning_content":"why"}]}"#, "reasoning_content"),
            (#"{"messages":[{"role":"assistant","content":"","tool_calls":[{"function":{"arguments":{}}}]}]}"#, "no string \"name\""),
            (#"{"messages":[{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":3}}]}]}"#, "object or a JSON string"),
            (#"{"messages":[{"role":"user","content":"x","tool_calls":[]}]}"#, "only assistant messages"),
        ]
        for (record, reason) in cases {
            let got = Self.error(record)
            #expect(got?.contains(reason) == true, "\(record): \(got ?? "accepted")")
        }
        #expect(Self.error(#"{"messages":[{"role":"assistant","content":"a","reasoning_content":null}]}"#) == nil)
    }

    /// A call's arguments given as a JSON string are taken as they are; as an object, written
    /// as `json.dumps(…, ensure_ascii=False)` would write them: both give GLM-4's native text.
    @Test func callArgumentsAsStringOrObject() throws {
        let template = try GLM4Template(SpecialTokenLookup { glm4.specialTokenID($0) }, inputFormat: .openai)
        var e = ChatRecordEncoder(tokenizer: glm4, template: template, options: LabelOptions(maxLength: nil))
        var native = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions(maxLength: nil))
        var a: [Int32] = [], b: [Int32] = [], c: [Int32] = [], l: [Int32] = []
        try e.encode(Array(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"f","arguments":{"x": 1.5, "s": "é"}}}]}]}"#.utf8), ids: &a, labels: &l)
        try e.encode(Array(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":"{\"x\": 1.5, \"s\": \"é\"}"}}]}]}"#.utf8), ids: &b, labels: &l)
        try native.encode(Array(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","metadata":"f","content":"{\"x\": 1.5, \"s\": \"é\"}"}]}"#.utf8), ids: &c, labels: &l)
        #expect(a == c)
        #expect(b == c)
    }
}
