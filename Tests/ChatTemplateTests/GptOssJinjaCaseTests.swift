import Foundation
import Testing
import TestSupport
@testable import ChatTemplate

/// Synthetic conversations rendered by the kit's Jinja template in transformers' environment
/// (`Tools/gen_gpt_oss_render_cases.py` → `Tests/Fixtures/gpt_oss_render_cases.jsonl`): every
/// schema shape of the TypeScript macros, thinking, calls with analysis, the non-monotone cases,
/// raises. Text must be equal; target spans must equal the kit's engine where it can label the
/// conversation; the template's raises must come with its message, Python errors as rejects.
struct GptOssJinjaCaseTests {
    struct Case: CustomStringConvertible {
        var record: String
        var text: String?
        var spans: [Range<Int>]?
        var error: String?
        var raised: Bool
        var description: String { String(record.prefix(100)) }
    }

    static let cases: [Case] = {
        let url = Reference.packageRoot.appendingPathComponent("Tests/Fixtures/gpt_oss_render_cases.jsonl")
        return try! Reference.jsonLines(url).map { any in
            let o = any as! [String: Any]
            return Case(record: o["record"] as! String, text: o["text"] as? String,
                        spans: (o["spans"] as? [[Int]])?.map { $0[0]..<$0[1] },
                        error: o["error"] as? String, raised: o["raised"] as? Bool ?? false)
        }
    }()

    @Test func fixtureIsThere() {
        #expect(Self.cases.count == 42)
        #expect(Self.cases.filter { $0.error != nil }.count == 12)
    }

    @Test(arguments: cases)
    func rendersAsJinja(_ c: Case) throws {
        if let want = c.error {
            let got = gptOSSError(c.record)
            #expect(got != nil, "expected a reject: \(want)")
            if c.raised { #expect(got?.message == want) }
            return
        }
        let r = try gptOSSRender(c.record)
        #expect(r.text == c.text!)
        if let spans = c.spans { #expect(r.trainableCharRanges == spans) }
        // Last-turn: the last span only, over the same text.
        let last = try gptOSSRender(c.record, .lastTurn)
        #expect(last.text == r.text)
        if let spans = c.spans { #expect(last.trainableCharRanges == (spans.last.map { [$0] } ?? [])) }
    }
}
