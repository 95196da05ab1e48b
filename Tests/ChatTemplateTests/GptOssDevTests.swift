import Foundation
import JSONScanner
import Testing
import TestSupport
@testable import ChatTemplate

/// The gpt-oss kit's 496 dev conversations (dated 2025-08-05): our rendering against transformers'
/// and our trainable text against the kit's target spans (`dev_spans.jsonl`).
struct GptOssDevTests {
    struct Span { var message: Int; var chars: Range<Int> }

    static let records: [[UInt8]] = try! ModelKit.gptOSS.lines("dev.jsonl")
    static let rendered: [String] = try! ModelKit.gptOSS.jsonLines("dev_rendered.jsonl").map { ($0 as! [String: Any])["text"] as! String }
    static let spans: [[Span]] = try! ModelKit.gptOSS.jsonLines("dev_spans.jsonl").map { line in
        ((line as! [String: Any])["spans"] as! [[String: Any]]).map { s in
            let c = s["chars"] as! [Int]
            return Span(message: s["message"] as! Int, chars: c[0]..<c[1])
        }
    }

    @Test func kitIsThere() {
        #expect(Self.records.count == 496)
        #expect(Self.rendered.count == 496)
        #expect(Self.spans.count == 496)
    }

    @Test(arguments: LabelMode.allCases)
    func everyLineRendersAsTransformers(_ mode: LabelMode) throws {
        var mismatches: [Int] = []
        for (i, record) in Self.records.enumerated() {
            let r = try gptOSSRender(record, mode)
            if r.text != Self.rendered[i] { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    @Test func perTurnTargetsAreTheKitSpans() throws {
        var mismatches: [Int] = []
        for (i, record) in Self.records.enumerated() {
            let r = try gptOSSRender(record, .perTurn)
            if r.trainableCharRanges != Self.spans[i].map(\.chars) { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    @Test func lastTurnTargetsAreTheLastSpan() throws {
        var mismatches: [Int] = []
        for (i, record) in Self.records.enumerated() {
            let r = try gptOSSRender(record, .lastTurn)
            let want = Self.spans[i].last.map { [$0.chars] } ?? []
            if r.trainableCharRanges != want { mismatches.append(i) }
        }
        #expect(mismatches.isEmpty, "lines differing: \(mismatches.prefix(20))")
    }

    /// Last-turn trains on a subset of what per-turn trains on, over the same text.
    @Test func lastTurnIsASubsetOfPerTurn() throws {
        for record in Self.records {
            let all = try gptOSSRender(record, .perTurn), last = try gptOSSRender(record, .lastTurn)
            #expect(all.text == last.text)
            let allChars = Set(all.trainableCharRanges.flatMap { Array($0) })
            #expect(last.trainableCharRanges.allSatisfy { $0.allSatisfy(allChars.contains) })
        }
    }

    /// afterMessage sees the text grow message by message, each call a prefix of the whole;
    /// stopping early leaves a prefix.
    @Test func afterMessageSeesPrefixes() throws {
        for (i, record) in Self.records.enumerated().prefix(100) {
            let whole = Self.rendered[i]
            var calls = 0
            var prefixes = true
            _ = try gptOSSRender(record, .perTurn) { out in
                calls += 1
                let text = gptOSS.renderedText(copy out)
                if !whole.hasPrefix(text) { prefixes = false }
                return true
            }
            #expect(prefixes)
            let messages = try JSONSerialization.jsonObject(with: Data(record)) as! [String: Any]
            #expect(calls == (messages["messages"] as! [Any]).count)
            var stopped = 0
            let cut = try gptOSSRender(record, .perTurn) { _ in stopped += 1; return stopped < 2 }
            #expect(whole.hasPrefix(cut.text))
            #expect(stopped == 2)
        }
    }
}
