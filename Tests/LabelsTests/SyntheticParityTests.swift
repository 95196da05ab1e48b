import ChatTemplate
import Foundation
import Testing
@testable import Labels

/// Token-level parity where the kit's files do not reach: last-turn mode on the edge cases and
/// the synthetic conversations of `Tools/gen_render_cases.py`. `Tests/Fixtures/label_cases.jsonl`
/// is written by `Tools/gen_label_cases.py` with the reference's `process_conversation`.
struct SyntheticParityTests {
    struct Expected: Sendable {
        var ids: [Int32]?
        var labels: [Int32]?
        init(_ any: Any?) {
            let o = any as! [String: Any]
            ids = (o["input_ids"] as? [NSNumber])?.map { Int32($0.intValue) }
            labels = (o["labels"] as? [NSNumber])?.map { Int32($0.intValue) }
        }
    }

    static let cases: [(record: [UInt8], perTurn: Expected, lastTurn: Expected)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/label_cases.jsonl")
        let data = FileManager.default.contents(atPath: url.path)!
        return data.split(separator: UInt8(ascii: "\n")).map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            return (Array((o["record"] as! String).utf8), Expected(o["per_turn"]), Expected(o["last_turn"]))
        }
    }()

    @Test(arguments: [LabelMode.perTurn, .lastTurn])
    func everyCaseMatches(_ mode: LabelMode) throws {
        try #require(Self.cases.count >= 50)
        var e = ChatRecordEncoder(tokenizer: glm4, template: glm4Template, options: LabelOptions(mode: mode))
        var ids: [Int32] = [], labels: [Int32] = []
        var matched = 0, errors = 0
        for (i, c) in Self.cases.enumerated() {
            let want = mode == .perTurn ? c.perTurn : c.lastTurn
            do {
                try e.encode(c.record, ids: &ids, labels: &labels)
                #expect(want.ids == ids, "case \(i + 1): input_ids")
                #expect(want.labels == labels, "case \(i + 1): labels")
                if want.ids == ids && want.labels == labels { matched += 1 }
            } catch {
                #expect(want.ids == nil, "case \(i + 1): \(error)")
                if want.ids == nil { errors += 1 }
            }
        }
        print("label_cases.jsonl \(mode.rawValue): \(matched) equal, \(errors) errors where the reference raises, of \(Self.cases.count)")
        #expect(matched + errors == Self.cases.count)
    }
}
