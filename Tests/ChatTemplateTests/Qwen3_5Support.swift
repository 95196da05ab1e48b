import TestSupport
@testable import ChatTemplate

/// Qwen3.5's template over the kit's added tokens (`kitSpecialIDs`).
let qwenSpecialIDs: [String: Int32] = kitSpecialIDs(.qwen3_5)

let qwen: Qwen3_5Template = try! Qwen3_5Template(SpecialTokenLookup { qwenSpecialIDs[$0] })

typealias QwenRendering = KitRendering

/// Renders `record` (JSON text) with the Qwen3.5 template.
func qwenRender(_ record: [UInt8], _ mode: LabelMode = .perTurn,
                afterMessage: (borrowing RenderedConversation) -> Bool = { _ in true }) throws(TemplateError) -> QwenRendering {
    try kitRender(qwen, record, mode, afterMessage: afterMessage)
}

func qwenRender(_ record: String, _ mode: LabelMode = .perTurn) throws(TemplateError) -> QwenRendering {
    try qwenRender(Array(record.utf8), mode)
}

/// The error rendering `record` throws, or nil.
func qwenError(_ record: String, _ mode: LabelMode = .perTurn) -> TemplateError? {
    do { _ = try qwenRender(record, mode); return nil } catch { return error }
}
