import Foundation
import Testing
@testable import ChatTemplate

/// Synthetic edge cases against the kit's own Jinja template: `Tests/Fixtures/qwen3_5_render_cases.jsonl`
/// from `Tools/gen_qwen3_5_render_cases.py` (each case spelled four ways: UTF-8, `\uXXXX`
/// escapes, `\/` for `/`, `\u003c` for `<`; 60 seeded random conversations two ways), holding
/// transformers' text and the kit rule's target spans, or the error.
struct Qwen3_5JinjaCaseTests {
    struct Case: Sendable, CustomStringConvertible {
        var record: String
        var text: String?
        var spans: [Range<Int>]?
        var error: String?
        var description: String { String(record.prefix(120)) }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/qwen3_5_render_cases.jsonl")
        let data = FileManager.default.contents(atPath: url.path)!
        return data.split(separator: UInt8(ascii: "\n")).map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let spans = (o["spans"] as? [[Int]])?.map { $0[0]..<$0[1] }
            return Case(record: o["record"] as! String, text: o["text"] as? String, spans: spans, error: o["error"] as? String)
        }
    }()

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 150)
        #expect(Self.cases.contains { $0.error != nil })
    }

    @Test(arguments: cases)
    func matchesJinja(_ c: Case) throws {
        for mode in LabelMode.allCases {
            if let want = c.text {
                let r = try qwenRender(c.record, mode)
                #expect(Array(r.text.unicodeScalars) == Array(want.unicodeScalars))
                if let spans = c.spans {
                    #expect(r.trainableCharRanges == (mode == .perTurn ? spans : Array(spans.suffix(1))))
                }
            } else {
                let error = try #require(qwenError(c.record, mode))
                // The template's own raises keep its message.
                if let e = c.error, e.hasPrefix("TemplateError: ") {
                    #expect(error.message == String(e.dropFirst("TemplateError: ".count)))
                }
                #expect(error.byteOffset >= 0 && error.byteOffset < c.record.utf8.count)
            }
        }
    }
}
