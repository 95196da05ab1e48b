import Bench
import Foundation
import GLM4
import Models
import JSONLines
import Labels
import Pipeline
import TestSupport
import Testing
import Tokenizer

/// Loaded once: every test encodes with the bundled GLM-4 tokenizer.
let glm4Model: Model = try! ModelSelection().load()
let glm4: Tokenizer = glm4Model.tokenizer

/// The first `count` lines of a reference data file, written to a temporary `.jsonl`.
final class SmallCorpus: @unchecked Sendable {
    let directory: URL
    let path: String
    let lines: [[UInt8]]

    init(_ name: String, lines count: Int) throws {
        lines = Array(try Reference.lines(Reference.data(name)).prefix(count))
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("small.jsonl").path
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: path))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var size: Int { lines.reduce(0) { $0 + $1.count + 1 } }

    func run(_ options: EncodeOptions = EncodeOptions(), workers: Int = 1, repeats: Int = 2) throws -> BenchReport {
        let settings = BenchSettings(inputs: [InputFile(path: path, size: size)], options: options, workers: workers, repeats: repeats)
        return try BenchRun.run(settings, model: glm4Model)
    }
}

/// Total ids of the first `count` reference rows (rows that are errors count 0: skipped records).
func referenceTokens(_ name: String, first count: Int) throws -> Int {
    try Reference.rows(name).prefix(count).reduce(0) { $0 + $1.inputIDs.count }
}

let chatStages = ["decompress", "split", "parse", "render", "tokenize", "encode", "render+label", "write", "pipeline"]

@Suite struct BenchTests {
    @Test func chatStagesAndTokenCountsAgreeWithTheReference() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 50)
        let report = try corpus.run()
        #expect(report.stages.map(\.name) == chatStages)
        let want = try referenceTokens("dev_ref.jsonl", first: 50)
        #expect(report.tokens == want)
        #expect(report.stage("encode")?.tokens == want)
        #expect(report.stage("pipeline")?.tokens == want)
        #expect(report.stage("write")?.tokens == want)
        #expect(report.stage("write")?.outputBytes == want * 4 * 2)
        #expect(report.records == 50)
        #expect(report.stage("pipeline")?.records == 50)
        // Every JSONL stage saw the whole file.
        for name in ["decompress", "split", "parse", "render", "encode", "render+label", "write", "pipeline"] {
            #expect(report.stage(name)?.bytes == corpus.size, "\(name)")
        }
        for s in report.stages {
            #expect(s.seconds.count == 2, "\(s.name)")
            #expect(s.seconds.allSatisfy { $0 >= 0 }, "\(s.name)")
        }
        #expect(report.stage("render+label")?.derived == true)
        #expect(report.stage("render+label")?.overheadVsTokenize != nil)
        #expect(report.stage("tokenize")?.derived == false)
    }

    @Test func untruncatedTokenizeCountsEveryTextTokenOfEncode() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 50)
        var options = EncodeOptions()
        options.labels.maxLength = nil
        let report = try corpus.run(options, workers: 2, repeats: 1)
        let want = try referenceTokens("dev_ref_nolimit.jsonl", first: 50)
        #expect(report.stage("encode")?.tokens == want)
        #expect(report.stage("pipeline")?.tokens == want)
        let tokenize = try #require(report.stage("tokenize")?.tokens)
        // encode = the text tokens + the template's special tokens ([gMASK] <sop>, one role token
        // per message, the closing <|user|>): at least 4 per conversation.
        #expect(tokenize > 0)
        #expect(tokenize + 4 * 50 <= want)
        #expect(report.stage("tokenize")?.threads == 2)
    }

    @Test func lastTurnModeMatchesTheCombinedReference() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 30)
        var options = EncodeOptions()
        options.labels.mode = .lastTurn
        let report = try corpus.run(options, repeats: 1)
        let want = try referenceTokens("dev_ref_combine.jsonl", first: 30)
        #expect(report.stage("encode")?.tokens == want)
        #expect(report.stage("pipeline")?.tokens == want)
    }

    @Test func textFormatTokenizesExactlyTheTexts() throws {
        let corpus = try SmallCorpus("text_multiline.jsonl", lines: 40)
        var options = EncodeOptions()
        options.format = .text
        let report = try corpus.run(options, repeats: 1)
        #expect(report.stages.map(\.name) == ["decompress", "split", "parse", "tokenize", "encode", "write", "pipeline"])
        let want = try referenceTokens("text_multiline_ref.jsonl", first: 40)
        #expect(report.stage("tokenize")?.tokens == want)
        #expect(report.stage("encode")?.tokens == want)
        #expect(report.stage("pipeline")?.tokens == want)
        // The tokenizer's bytes are the texts' UTF-8, decoded here by Foundation.
        let texts = try corpus.lines.map { line -> Int in
            let o = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            return (o["text"] as! String).utf8.count
        }
        #expect(report.stage("tokenize")?.bytes == texts.reduce(0, +))
    }

    @Test func jsonHasTheKeysComparePeersReads() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 20)
        let report = try corpus.run(repeats: 3)
        let object = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as! [String: Any]
        #expect(object["input_bytes"] as? Int == corpus.size)
        #expect(object["records"] as? Int == 20)
        #expect(object["tokens"] as? Int == report.tokens)
        #expect(object["workers"] as? Int == 1)
        #expect(object["repeat"] as? Int == 3)
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == chatStages)
        for s in stages {
            let name = s["name"] as! String
            #expect(s["bytes"] is Int, "\(name)")
            #expect(s.keys.contains("tokens"), "\(name)")
            #expect((s["seconds"] as? [Double])?.count == 3, "\(name)")
            let mb = s["mb_per_s"] as? [String: Double]
            #expect(mb?["median"] != nil && mb?["min"] != nil && mb?["max"] != nil, "\(name)")
            if let mb, let lo = mb["min"], let mid = mb["median"], let hi = mb["max"] {
                #expect(lo <= mid && mid <= hi, "\(name)")
            }
            #expect((s["tokens_per_s"] as? [String: Any])?.keys.contains("median") == true, "\(name)")
        }
        let tokenize = stages.first { $0["name"] as? String == "tokenize" }!
        #expect(tokenize["tokens"] as? Int == report.stage("tokenize")?.tokens)
        #expect((tokenize["tokens_per_s"] as? [String: Any])?["median"] is Double)
        let derived = stages.first { $0["name"] as? String == "render+label" }!
        #expect(derived["derived"] as? Bool == true)
        #expect(derived["overhead_vs_tokenize"] is Double)
    }

    @Test func tableNamesEveryStage() throws {
        let corpus = try SmallCorpus("dev.jsonl", lines: 10)
        let table = try corpus.run(repeats: 1).table()
        for name in chatStages { #expect(table.contains("\n\(name) "), "\(name)") }
        #expect(table.contains("records:  10"))
    }

    @Test func missingInputIsAnError() throws {
        let settings = BenchSettings(inputs: [InputFile(path: "/nonexistent/x.jsonl", size: nil)], repeats: 1)
        #expect(throws: BenchError.self) { try BenchRun.run(settings, model: glm4Model) }
    }
}
