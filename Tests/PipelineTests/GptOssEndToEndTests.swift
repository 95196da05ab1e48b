import ChatTemplate
import Foundation
import JSONLines
import Labels
import Models
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// The gpt-oss model directory of the kit, loaded once (tokenizer.json is 16 MB).
let gptOSSModel = Result { () throws(ModelError) in try ModelSelection(directory: ModelKit.gptOSS.directory.path).load() }

/// The whole job (`EncodeRun` over `--model ../shared/models/gpt_oss --template-date 2025-08-05
/// --no-truncate`) against what transformers produced: every row of the kit, per-turn and
/// last-turn, the text oracle, the template's rejects, and the date in meta.json.
@Suite struct GptOssEndToEndTests {
    func encode(_ inputs: [String], _ options: EncodeOptions, into dir: TempDir, prefix: String = "out") throws -> PipelineSummary {
        let c = PipelineConfiguration(inputs: try InputFile.expand(inputs), outputPrefix: dir.path + "/" + prefix, workers: 2)
        return try EncodeRun(model: gptOSSModel.get(), options: options, configuration: c, version: "test").run()
    }

    static var chat: EncodeOptions {
        var o = EncodeOptions()
        o.lengthPair = nil
        o.labels = LabelOptions(mode: .perTurn, maxLength: nil)
        o.template = TemplateOptions(date: TemplateDate("2025-08-05")!)
        return o
    }

    func meta(_ dir: TempDir, prefix: String = "out") throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(dir.read(prefix + ".meta.json"))) as! [String: Any]
    }

    @Test func modelIsRecognizedFromItsDirectory() throws {
        let m = try gptOSSModel.get()
        #expect(m.family?.name == "gpt-oss")
        #expect(m.provenance.kind == .huggingFace && m.provenance.normalizer == "none" && m.provenance.pattern == "o200k")
        #expect(m.tokenizer.vocabularySize == 201_088)
        #expect(m.tokenizer.specialTokenID("<|return|>") == 200_002)
    }

    @Test func perTurnReproducesEveryRow() throws {
        let dir = try TempDir()
        let zst = dir.path + "/dev.jsonl.zst"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["zstd", "-q", "-19", ModelKit.gptOSS.file("dev.jsonl").path, "-o", zst]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "zstd is needed for this test")
        let want = try ModelKit.gptOSS.devRows()
        for (name, input) in [("plain", ModelKit.gptOSS.file("dev.jsonl").path), ("zst", zst)] {
            let s = try encode([input], Self.chat, into: dir, prefix: name)
            expectRows(try readBack(dir, prefix: name), want, file: "gpt_oss dev.jsonl (\(name))")
            #expect(s.encoded == 496 && s.skipped == 0)
            #expect(s.tokens == 221_853 && s.targetTokens == 123_369)  // the kit's stats.json
            #expect(s.truncatedRecords == 0)
        }
        let m = try meta(dir, prefix: "plain")
        #expect(m["template"] as? String == "gpt-oss" && m["template_date"] as? String == "2025-08-05")
        #expect((m["model"] as? [String: Any])?["pattern"] as? String == "o200k")
    }

    /// Last-turn labels derived from the kit's spans: only the last assistant turn's tokens.
    @Test func lastTurnTrainsOnlyTheLastSpan() throws {
        let dir = try TempDir()
        var o = Self.chat
        o.labels.mode = .lastTurn
        _ = try encode([ModelKit.gptOSS.file("dev.jsonl").path], o, into: dir)
        let rows = try ModelKit.gptOSS.devRows()
        let spans = try ModelKit.gptOSS.jsonLines("dev_spans.jsonl").map { ($0 as! [String: Any])["spans"] as! [[String: Any]] }
        let want: [Reference.Row] = zip(rows, spans).map { row, spans in
            let last = spans.max { ($0["message"] as! Int) < ($1["message"] as! Int) }!
            let t = last["tokens"] as! [Int]
            var labels = [Int32](repeating: -100, count: row.inputIDs.count)
            for i in t[0] ..< t[1] { labels[i] = row.inputIDs[i] }
            return Reference.Row(inputIDs: row.inputIDs, labels: labels, error: nil)
        }
        expectRows(try readBack(dir), want, file: "gpt_oss last-turn")
        for (got, full) in zip(try readBack(dir), rows) {
            for (l, f) in zip(got.labels!, full.labels!) where l != -100 { #expect(l == f) }
        }
    }

    /// `--format text`: every row's `input_ids`, special tokens on (`<|reserved_200018|>` is
    /// text, as the HF file says, where tiktoken would give 200018).
    @Test func textReproducesTheOracle() throws {
        let dir = try TempDir()
        var o = EncodeOptions()
        o.format = .text
        _ = try encode([ModelKit.gptOSS.file("text_oracle.jsonl").path], o, into: dir)
        let want = try ModelKit.gptOSS.jsonLines("text_oracle.jsonl").map { any in
            Reference.Row(inputIDs: ((any as! [String: Any])["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }, labels: nil, error: nil)
        }
        expectRows(try readBack(dir, labels: false), want, file: "gpt_oss text_oracle.jsonl")
        #expect(try meta(dir)["template_date"] == nil)
    }

    /// Records the template raises on are rejects with its message, in input order; the good
    /// ones between them are encoded.
    @Test func templateRaisesAreRejects() throws {
        let dir = try TempDir()
        let lines = [
            #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"ok"}]}"#,
            #"{"messages":[{"role":"user","content":"hi"},{"role":"tool","content":"42"}]}"#,
            #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a<|channel|>final<|message|>b"}]}"#,
            #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"x","thinking":"<|channel|>analysis<|message|>"}]}"#,
            #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"c","thinking":"t","tool_calls":[{"type":"function","function":{"name":"f","arguments":{}}}]}]}"#,
            #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]},{"role":"assistant","content":"done"},{"role":"tool","content":"late"}]}"#,
        ]
        let path = try dir.write("bad.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let s = try encode([path], Self.chat, into: dir)
        #expect(s.encoded == 1 && s.skipped == 5)
        let rejects = try Reference.jsonLines(URL(fileURLWithPath: dir.path + "/out.rejects.jsonl")) as! [[String: Any]]
        #expect(rejects.map { $0["line"] as! Int } == [2, 3, 4, 5, 6])
        let messages = [
            "Message has tool role, but there was no previous assistant message with a tool call!",
            "You have passed a message containing <|channel|> tags in the content field.",
            "You have passed a message containing <|channel|> tags in the thinking field.",
            "Cannot pass both content and thinking in an assistant message with tool calls!",
            "Message has tool role, but there was no previous assistant message with a tool call!",
        ]
        for (r, m) in zip(rejects, messages) { #expect((r["error"] as! String).hasPrefix(m), "\(r)") }
    }

    /// Without --template-date the template prints the run's start date (UTC), and meta.json
    /// records it; a family that prints no date refuses the flag.
    @Test func dateDefaultsToTodayUTC() throws {
        let dir = try TempDir()
        let path = try dir.write("one.jsonl", Array(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"ok"}]}"#.utf8 + [0x0A]))
        var o = Self.chat
        o.template = TemplateOptions()
        let before = TemplateDate.today()
        _ = try encode([path], o, into: dir)
        let after = TemplateDate.today()
        let date = try meta(dir)["template_date"] as? String
        #expect(date == before.description || date == after.description)
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        #expect(date == f.string(from: Date()) || date == before.description)
        let ids = try readBack(dir)[0].ids
        let text = String(decoding: try gptOSSModel.get().tokenizer.decode(ids), as: UTF8.self)
        #expect(text.contains("Current date: \(date ?? "?")\n\n"))

        // Given: printed and recorded.
        _ = try encode([path], Self.chat, into: dir, prefix: "fixed")
        #expect(try meta(dir, prefix: "fixed")["template_date"] as? String == "2025-08-05")
        let fixed = String(decoding: try gptOSSModel.get().tokenizer.decode(try readBack(dir, prefix: "fixed")[0].ids), as: UTF8.self)
        #expect(fixed.contains("Current date: 2025-08-05\n\n"))

        // Another family's template prints no date: the flag is an error, not ignored.
        let c = PipelineConfiguration(inputs: try InputFile.expand([path]), outputPrefix: dir.path + "/glm", workers: 1)
        #expect(throws: PipelineError.self) {
            _ = try EncodeRun(model: try ModelSelection().load(), options: Self.chat, configuration: c, version: "test")
        }
    }
}
