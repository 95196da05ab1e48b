import Foundation
import JSONLines
import Labels
import Models
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// The Qwen3.5 model directory of the kit, loaded once (tokenizer.json is 20 MB).
let qwenModel = Result { () throws(ModelError) in try ModelSelection(directory: ModelKit.qwen3_5.directory.path).load() }

/// The whole job (`EncodeRun` over `--model ../shared/models/qwen3_5`) against what transformers
/// produced: every row of the kit, per-turn and last-turn, plain and zstd, and the text oracle.
@Suite struct QwenEndToEndTests {
    func encode(_ inputs: [String], _ options: EncodeOptions, into dir: TempDir, prefix: String = "out") throws -> PipelineSummary {
        let c = PipelineConfiguration(inputs: try InputFile.expand(inputs), outputPrefix: dir.path + "/" + prefix, workers: 2)
        return try EncodeRun(model: qwenModel.get(), options: options, configuration: c, version: "test").run()
    }

    static var chat: EncodeOptions {
        var o = EncodeOptions()
        o.lengthPair = nil
        o.labels = LabelOptions(mode: .perTurn, maxLength: nil)
        return o
    }

    @Test func modelIsRecognizedFromItsDirectory() throws {
        let m = try qwenModel.get()
        #expect(m.family?.name == "qwen3.5")
        #expect(m.provenance.kind == .huggingFace && m.provenance.normalizer == "nfc" && m.provenance.pattern == "qwen3_5")
        #expect(m.tokenizer.vocabularySize == 248_077)
        #expect(m.tokenizer.specialTokenID("<|im_end|>") == 248_046)
    }

    @Test func perTurnReproducesEveryRow() throws {
        let dir = try TempDir()
        let zst = dir.path + "/dev.jsonl.zst"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["zstd", "-q", "-19", ModelKit.qwen3_5.file("dev.jsonl").path, "-o", zst]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "zstd is needed for this test")
        let want = try ModelKit.qwen3_5.devRows()
        for (name, input) in [("plain", ModelKit.qwen3_5.file("dev.jsonl").path), ("zst", zst)] {
            let s = try encode([input], Self.chat, into: dir, prefix: name)
            expectRows(try readBack(dir, prefix: name), want, file: "qwen3_5 dev.jsonl (\(name))")
            #expect(s.encoded == 496 && s.skipped == 0)
            #expect(s.tokens == 220_580 && s.targetTokens == 123_005)  // the kit's stats.json
            #expect(s.truncatedRecords == 0)
        }
    }

    /// Last-turn labels derived from the kit's spans: only the last assistant turn's tokens.
    @Test func lastTurnTrainsOnlyTheLastSpan() throws {
        let dir = try TempDir()
        var o = Self.chat
        o.labels.mode = .lastTurn
        _ = try encode([ModelKit.qwen3_5.file("dev.jsonl").path], o, into: dir)
        let rows = try ModelKit.qwen3_5.devRows()
        let spans = try ModelKit.qwen3_5.jsonLines("dev_spans.jsonl").map { ($0 as! [String: Any])["spans"] as! [[String: Any]] }
        let want: [Reference.Row] = zip(rows, spans).map { row, spans in
            let last = spans.max { ($0["message"] as! Int) < ($1["message"] as! Int) }!
            let t = last["tokens"] as! [Int]
            var labels = [Int32](repeating: -100, count: row.inputIDs.count)
            for i in t[0] ..< t[1] { labels[i] = row.inputIDs[i] }
            return Reference.Row(inputIDs: row.inputIDs, labels: labels, error: nil)
        }
        expectRows(try readBack(dir), want, file: "qwen3_5 last-turn")
        // Every last-turn target is a per-turn target (the kit's per-turn labels).
        for (got, full) in zip(try readBack(dir), rows) {
            for (l, f) in zip(got.labels!, full.labels!) where l != -100 { #expect(l == f) }
        }
    }

    @Test func textReproducesTheOracle() throws {
        let dir = try TempDir()
        var o = EncodeOptions()
        o.format = .text
        _ = try encode([ModelKit.qwen3_5.file("text_oracle.jsonl").path], o, into: dir)
        let want = try ModelKit.qwen3_5.jsonLines("text_oracle.jsonl").map { any in
            Reference.Row(inputIDs: ((any as! [String: Any])["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }, labels: nil, error: nil)
        }
        expectRows(try readBack(dir, labels: false), want, file: "qwen3_5 text_oracle.jsonl")
    }

    /// Other families keep whole sequences unless asked; `--max-length` cuts and counts.
    @Test func maxLengthCutsAndCounts() throws {
        let dir = try TempDir()
        var o = Self.chat
        o.labels.maxLength = 256
        let s = try encode([ModelKit.qwen3_5.file("dev.jsonl").path], o, into: dir)
        let rows = try ModelKit.qwen3_5.devRows()
        let long = rows.filter { $0.inputIDs.count > 256 }
        #expect(s.truncatedRecords == long.count)
        #expect(s.truncatedTokens == long.reduce(0) { $0 + $1.inputIDs.count - 256 })
        #expect(s.truncatedTargets == long.reduce(0) { $0 + $1.labels![256...].filter { $0 != -100 }.count })
        let want = rows.map { Reference.Row(inputIDs: Array($0.inputIDs.prefix(256)), labels: Array($0.labels!.prefix(256)), error: nil) }
        expectRows(try readBack(dir), want, file: "qwen3_5 --max-length 256")
        let meta = try JSONSerialization.jsonObject(with: Data(dir.read("out.meta.json"))) as! [String: Any]
        #expect(meta["max_length"] as? Int == 256 && meta["template"] as? String == "qwen3.5")
        #expect((meta["model"] as? [String: Any])?["family"] as? String == "qwen3.5")
        #expect(meta["max_input_length"] == nil)
    }
}
