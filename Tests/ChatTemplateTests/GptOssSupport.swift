import TestSupport
@testable import ChatTemplate

/// gpt-oss's template over the kit's added tokens (`kitSpecialIDs`), dated as the kit.
let gptOSSSpecialIDs: [String: Int32] = kitSpecialIDs(.gptOSS)

let gptOSS: GptOssTemplate = try! GptOssTemplate(SpecialTokenLookup { gptOSSSpecialIDs[$0] }, date: TemplateDate("2025-08-05")!)

typealias GptOssRendering = KitRendering

/// Renders `record` (JSON text) with the gpt-oss template.
func gptOSSRender(_ record: [UInt8], _ mode: LabelMode = .perTurn, template: GptOssTemplate = gptOSS,
                  afterMessage: (borrowing RenderedConversation) -> Bool = { _ in true }) throws(TemplateError) -> GptOssRendering {
    try kitRender(template, record, mode, afterMessage: afterMessage)
}

func gptOSSRender(_ record: String, _ mode: LabelMode = .perTurn) throws(TemplateError) -> GptOssRendering {
    try gptOSSRender(Array(record.utf8), mode)
}

/// The error rendering `record` throws, or nil.
func gptOSSError(_ record: String, _ mode: LabelMode = .perTurn) -> TemplateError? {
    do { _ = try gptOSSRender(record, mode); return nil } catch { return error }
}
