import JSONScanner
import Testing
@testable import ChatTemplate

/// gpt-oss's template reads `thinking` only; a record that carries its reasoning as
/// `reasoning_content` is refused instead of being trained without it.
struct GptOssReasoningTests {
    static func render(_ record: String) throws(TemplateError) -> String {
        var tape = JSONTape()
        var out = RenderedConversation()
        var failure: TemplateError?
        Array(record.utf8).withUnsafeBytes { r in
            do throws(TemplateError) {
                try! tape.parse(r)
                try gptOSS.render(tape, record: r, mode: .perTurn, into: &out)
            } catch { failure = error }
        }
        if let failure { throw failure }
        return gptOSS.renderedText(out)
    }

    @Test func reasoningContentWithoutThinkingIsRejected() {
        #expect {
            try Self.render(#"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "reasoning_content": "why"}]}"#)
        } throws: { error in
            (error as? TemplateError)?.message.contains("reads \"thinking\", not \"reasoning_content\"") == true
        }
    }

    @Test func emptyOrNullReasoningContentAndThinkingAreFine() throws {
        let plain = try Self.render(#"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}"#)
        #expect(try Self.render(#"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "reasoning_content": ""}]}"#) == plain)
        #expect(try Self.render(#"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "reasoning_content": null}]}"#) == plain)
        let thinking = try Self.render(#"{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "thinking": "why"}]}"#)
        #expect(thinking.contains("<|channel|>analysis<|message|>why<|end|>"))
    }
}
