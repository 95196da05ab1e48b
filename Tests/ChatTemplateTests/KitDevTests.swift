import Foundation
import JSONScanner
import Testing
import TestSupport
@testable import ChatTemplate

/// Each Hugging Face kit's 496 dev conversations (gpt-oss's dated 2025-08-05): our rendering
/// against transformers' (`dev_rendered.jsonl`, compared scalar by scalar) and our trainable
/// text against the kit's target spans (`dev_spans.jsonl`).
struct KitDevTests {
    struct Span { var message: Int; var chars: Range<Int> }

    /// A kit's dev files, read once.
    struct Dev {
        var records: [[UInt8]]
        var rendered: [String]
        var spans: [[Span]]

        init(_ kit: ModelKit) {
            records = try! kit.lines("dev.jsonl")
            rendered = try! kit.jsonLines("dev_rendered.jsonl").map { ($0 as! [String: Any])["text"] as! String }
            spans = try! kit.jsonLines("dev_spans.jsonl").map { line in
                ((line as! [String: Any])["spans"] as! [[String: Any]]).map { s in
                    let c = s["chars"] as! [Int]
                    return Span(message: s["message"] as! Int, chars: c[0]..<c[1])
                }
            }
        }
    }

    enum Kit: String, CaseIterable, Sendable {
        case qwen3_5, gptOSS

        static let qwenDev = Dev(.qwen3_5)
        static let gptOSSDev = Dev(.gptOSS)

        var dev: Dev { self == .qwen3_5 ? Kit.qwenDev : Kit.gptOSSDev }

        func render(_ record: [UInt8], _ mode: LabelMode,
                    afterMessage: (borrowing RenderedConversation) -> Bool = { _ in true }) throws(TemplateError) -> KitRendering {
            self == .qwen3_5 ? try kitRender(qwen, record, mode, afterMessage: afterMessage)
                             : try kitRender(ChatTemplateTests.gptOSS, record, mode, afterMessage: afterMessage)
        }

        func renderedText(_ out: RenderedConversation) -> String {
            self == .qwen3_5 ? qwen.renderedText(out) : ChatTemplateTests.gptOSS.renderedText(out)
        }
    }

    @Test(arguments: Kit.allCases)
    func kitIsThere(_ kit: Kit) {
        #expect(kit.dev.records.count == 496)
        #expect(kit.dev.rendered.count == 496)
        #expect(kit.dev.spans.count == 496)
    }

    @Test(arguments: Kit.allCases, LabelMode.allCases)
    func everyLineRendersAsTransformers(_ kit: Kit, _ mode: LabelMode) throws {
        var mismatches: [Int] = []
        for (i, record) in kit.dev.records.enumerated() {
            let r = try kit.render(record, mode)
            if Array(r.text.unicodeScalars) != Array(kit.dev.rendered[i].unicodeScalars) { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    @Test(arguments: Kit.allCases)
    func perTurnTargetsAreTheKitSpans(_ kit: Kit) throws {
        var mismatches: [Int] = []
        for (i, record) in kit.dev.records.enumerated() {
            let r = try kit.render(record, .perTurn)
            if r.trainableCharRanges != kit.dev.spans[i].map(\.chars) { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    @Test(arguments: Kit.allCases)
    func lastTurnTargetsAreTheLastSpan(_ kit: Kit) throws {
        var mismatches: [Int] = []
        for (i, record) in kit.dev.records.enumerated() {
            let r = try kit.render(record, .lastTurn)
            let want = kit.dev.spans[i].last.map { [$0.chars] } ?? []
            if r.trainableCharRanges != want { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    /// Last-turn trains on a subset of what per-turn trains on, over the same text.
    @Test(arguments: Kit.allCases)
    func lastTurnIsASubsetOfPerTurn(_ kit: Kit) throws {
        for record in kit.dev.records {
            let all = try kit.render(record, .perTurn), last = try kit.render(record, .lastTurn)
            #expect(all.text == last.text)
            let allChars = Set(all.trainableCharRanges.flatMap { Array($0) })
            #expect(last.trainableCharRanges.allSatisfy { $0.allSatisfy(allChars.contains) })
        }
    }

    /// afterMessage sees the text grow message by message, each call a prefix of the whole;
    /// stopping early leaves a prefix.
    @Test(arguments: Kit.allCases)
    func afterMessageSeesPrefixes(_ kit: Kit) throws {
        for (i, record) in kit.dev.records.enumerated().prefix(100) {
            let whole = kit.dev.rendered[i]
            var calls = 0
            var prefixes = true
            _ = try kit.render(record, .perTurn) { out in
                calls += 1
                let text = kit.renderedText(copy out)
                if !whole.hasPrefix(text) { prefixes = false }
                return true
            }
            #expect(prefixes)
            let messages = try JSONSerialization.jsonObject(with: Data(record)) as! [String: Any]
            #expect(calls == (messages["messages"] as! [Any]).count)
            var stopped = 0
            let cut = try kit.render(record, .perTurn) { _ in stopped += 1; return stopped < 2 }
            #expect(whole.hasPrefix(cut.text))
            #expect(stopped == 2)
        }
    }
}
