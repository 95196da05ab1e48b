import Foundation
import JSONScanner
import Testing
@testable import ChatTemplate

/// Rendering against the reference's own Jinja template: `Tests/Fixtures/render_cases.jsonl`
/// is written by `Tools/gen_render_cases.py` (synthetic cases plus every `dev_edge.jsonl` line),
/// holding per-turn runs of (text, trainable) and the whole-conversation text, or the error.
struct ReferenceRenderingTests {
    struct Case: Sendable {
        var record: [UInt8]
        var perTurn: [(text: String, trainable: Bool)]?
        var lastTurn: String?
    }

    static let cases: [Case] = {
        // TOKENPACK_RENDER_CASES: another file from the same script (e.g. `--input dev.jsonl`).
        let url = ProcessInfo.processInfo.environment["TOKENPACK_RENDER_CASES"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/render_cases.jsonl")
        let data = FileManager.default.contents(atPath: url.path)!
        return data.split(separator: UInt8(ascii: "\n")).map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let runs = (o["per_turn"] as? [[Any]])?.map { (text: $0[0] as! String, trainable: $0[1] as! Bool) }
            return Case(record: Array((o["record"] as! String).utf8), perTurn: runs, lastTurn: o["last_turn"] as? String)
        }
    }()

    /// Text runs with the same trainable flag joined, special tokens written out.
    static func runs(_ r: RenderedConversation) -> [(text: String, trainable: Bool)] {
        var out: [(text: String, trainable: Bool)] = []
        for (i, s) in r.segments.enumerated() {
            let text = s.special.map { glm4.specialText($0)! } ?? String(decoding: r.text(i), as: UTF8.self)
            if let last = out.last, last.trainable == s.trainable {
                out[out.count - 1].text += text
            } else {
                out.append((text, s.trainable))
            }
        }
        return out
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.contains { $0.perTurn == nil })
        #expect(Self.cases.contains { $0.lastTurn == nil })
    }

    @Test(arguments: cases.indices)
    func perTurn(_ i: Int) throws {
        let c = Self.cases[i]
        var tape = JSONTape()
        var out = RenderedConversation()
        try c.record.withUnsafeBytes { bytes in
            try tape.parse(bytes)
            guard let want = c.perTurn else {
                #expect(throws: TemplateError.self) { try glm4.render(tape, record: bytes, mode: .perTurn, into: &out) }
                return
            }
            try glm4.render(tape, record: bytes, mode: .perTurn, into: &out)
            let got = Self.runs(out.withoutClosingUser)
            #expect(got.map(\.text) == want.map(\.text))
            #expect(got.map(\.trainable) == want.map(\.trainable))
        }
    }

    @Test(arguments: cases.indices)
    func lastTurn(_ i: Int) throws {
        let c = Self.cases[i]
        var tape = JSONTape()
        var out = RenderedConversation()
        try c.record.withUnsafeBytes { bytes in
            try tape.parse(bytes)
            guard let want = c.lastTurn else {
                #expect(throws: TemplateError.self) { try glm4.render(tape, record: bytes, mode: .lastTurn, into: &out) }
                return
            }
            try glm4.render(tape, record: bytes, mode: .lastTurn, into: &out)
            #expect(glm4.renderedText(out.withoutClosingUser) == want)
        }
    }
}
