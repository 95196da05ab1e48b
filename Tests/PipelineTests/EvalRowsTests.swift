import Foundation
import ChatTemplate
import JSONLines
import Labels
import Models
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// `encode --eval`: GLM-4's official `process_batch_eval` (and its `combine: True` path with
/// `--mode last-turn`), against `glm4_reference.py --eval`; Qwen's examples by the same meaning.
@Suite struct EvalRowsTests {
    typealias Example = (input: [Int32], output: [Int32])

    /// The examples written under `prefix`, grouped by document (conversation).
    func readExamples(_ prefix: String) throws -> [[Example]] {
        let i = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        let o = try PackedReader(prefix: prefix, name: PackedPaths.outputIDs)
        let docs = i.documentIndex
        #expect(docs == o.documentIndex)
        return (0 ..< docs.count - 1).map { d in (Int(docs[d]) ..< Int(docs[d + 1])).map { (i[$0], o[$0]) } }
    }

    /// `{"examples": [{"input_ids", "output_ids"}]}` per line; error lines (rejected records) left out.
    func golden(_ url: URL) throws -> [[Example]] {
        try Reference.jsonLines(url).compactMap { any in
            let row = any as! [String: Any]
            guard let ex = row["examples"] as? [[String: Any]] else { return nil }
            return ex.map { e in ((e["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }, (e["output_ids"] as! [NSNumber]).map { Int32($0.intValue) }) }
        }
    }

    func expectSame(_ got: [[Example]], _ want: [[Example]], _ what: String) {
        #expect(got.count == want.count, "\(what): conversations")
        let bad = zip(got, want).enumerated().filter { _, p in
            p.0.count != p.1.count || zip(p.0, p.1).contains { $0.input != $1.input || $0.output != $1.output }
        }.map(\.offset)
        #expect(bad.isEmpty, "\(what): conversations differ at \(bad.prefix(10))")
    }

    func encodeEval(_ name: String, mode: LabelMode, into dir: TempDir, prefix: String) throws -> PipelineSummary {
        var o = EncodeOptions()
        o.eval = true
        o.labels.mode = mode
        let s = try encodeReference([name], options: o, into: dir, prefix: prefix)
        _ = try DatasetCheck.verify(prefix: dir.path + "/" + prefix)
        return s
    }

    static var fixtures: URL { Reference.packageRoot.appendingPathComponent("Tests/Fixtures") }

    @Test(arguments: [(LabelMode.perTurn, "glm4_dev_edge_eval.jsonl"), (.lastTurn, "glm4_dev_edge_eval_combine.jsonl")])
    func devEdgeMatchesTheOfficialEval(mode: LabelMode, fixture: String) throws {
        let dir = try TempDir()
        let s = try encodeEval("dev_edge.jsonl", mode: mode, into: dir, prefix: "e")
        let want = try golden(Self.fixtures.appendingPathComponent(fixture))
        expectSame(try readExamples(dir.path + "/e"), want, fixture)
        #expect(s.examples == want.reduce(0) { $0 + $1.count })
    }

    /// dev.jsonl's golden rows (2 MB) are generated here by the reference script itself.
    @Test(arguments: [LabelMode.perTurn, .lastTurn])
    func devMatchesTheOfficialEval(mode: LabelMode) throws {
        let dir = try TempDir()
        let out = dir.path + "/golden.jsonl"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Reference.directory.appendingPathComponent("glm4_reference.py").path, "--eval",
                       "--input", Reference.data("dev.jsonl").path, "--out", out] + (mode == .lastTurn ? ["--combine"] : [])
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "glm4_reference.py --eval needs python3 with tiktoken and jinja2")
        _ = try encodeEval("dev.jsonl", mode: mode, into: dir, prefix: "e")
        expectSame(try readExamples(dir.path + "/e"), try golden(URL(fileURLWithPath: out)), "dev.jsonl \(mode)")
    }

    /// Qwen: one example per assistant turn, the prompt through the turn's header and the answer
    /// through its `<|im_end|>`, which together are the conversation's tokens up to there.
    @Test func qwenExamplesFollowTheTurns() throws {
        let dir = try TempDir()
        var o = QwenEndToEndTests.chat
        o.eval = true
        let c = PipelineConfiguration(inputs: try InputFile.expand([ModelKit.qwen3_5.file("dev.jsonl").path]), outputPrefix: dir.path + "/q", workers: 2)
        let s = try EncodeRun(model: qwenModel.get(), options: o, configuration: c, version: "test").run()
        _ = try DatasetCheck.verify(prefix: dir.path + "/q")
        let rows = try ModelKit.qwen3_5.devRows()
        let got = try readExamples(dir.path + "/q")
        #expect(got.count == rows.count)
        let imStart: Int32 = try qwenModel.get().tokenizer.specialTokenID("<|im_start|>")!
        let imEnd: Int32 = try qwenModel.get().tokenizer.specialTokenID("<|im_end|>")!
        var bad: [Int] = []
        for (k, (examples, row)) in zip(got, rows).enumerated() {
            // Target stretches of the training row: one per assistant turn.
            var stretches: [Range<Int>] = []
            var i = 0
            let l = row.labels!
            while i < l.count {
                if l[i] == ignoreIndex { i += 1; continue }
                let start = i
                while i < l.count && l[i] != ignoreIndex { i += 1 }
                stretches.append(start ..< i)
            }
            let ok = examples.count == stretches.count && zip(examples, stretches).allSatisfy { e, r in
                e.input == Array(row.inputIDs[..<r.lowerBound]) && e.output == Array(row.inputIDs[r]) && e.output.last == imEnd
                    && e.input.lastIndex(of: imStart).map { row.inputIDs[$0 + 1 ..< r.lowerBound].count <= 4 } == true
            }
            if !ok { bad.append(k) }
        }
        #expect(bad.isEmpty, "rows \(bad.prefix(10))")
        #expect(s.targetTokens == 123_005)  // every target of the kit is in one answer

        // last-turn: the last example of each conversation.
        var last = o
        last.labels.mode = .lastTurn
        let c2 = PipelineConfiguration(inputs: try InputFile.expand([ModelKit.qwen3_5.file("dev.jsonl").path]), outputPrefix: dir.path + "/l", workers: 2)
        _ = try EncodeRun(model: qwenModel.get(), options: last, configuration: c2, version: "test").run()
        let lastGot = try readExamples(dir.path + "/l")
        #expect(lastGot.count == got.count)
        #expect(zip(lastGot, got).allSatisfy { a, b in a.count == 1 && a[0].input == b.last!.input && a[0].output == b.last!.output })
    }
}
