import Foundation
import JSONLines
import Labels
import Models
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// Loaded once per test process (seconds in debug builds).
let referenceModel = Result { () throws(ModelError) in try ModelSelection().load() }

/// Runs the real encoders (EncodeRun) over reference files.
func encodeReference(_ names: [String], options: EncodeOptions = EncodeOptions(), workers: Int = 2,
                     batchBytes: Int = 1 << 20, into dir: TempDir, prefix: String = "out") throws -> PipelineSummary {
    let paths = names.map { Reference.data($0).path }
    var c = PipelineConfiguration(inputs: try InputFile.expand(paths), outputPrefix: dir.path + "/" + prefix, workers: workers)
    c.batchBytes = batchBytes
    return try EncodeRun(model: referenceModel.get(), options: options, configuration: c, version: "test").run()
}

/// The sequences written under `prefix`, as (ids, labels?) rows.
func readBack(_ dir: TempDir, prefix: String = "out", labels: Bool = true) throws -> [(ids: [Int32], labels: [Int32]?)] {
    let ids = try PackedReader(prefix: dir.path + "/" + prefix, name: PackedPaths.inputIDs)
    let lab = labels ? try PackedReader(prefix: dir.path + "/" + prefix, name: PackedPaths.labels) : nil
    if let lab { #expect(lab.count == ids.count) }
    return (0 ..< ids.count).map { (ids[$0], lab?[$0]) }
}

func expectRows(_ got: [(ids: [Int32], labels: [Int32]?)], _ want: [Reference.Row], file: String) {
    #expect(got.count == want.count, "\(file): sequence count")
    var mismatches: [Int] = []
    for (k, (g, w)) in zip(got, want).enumerated() where g.ids != w.inputIDs || (w.labels != nil && g.labels != w.labels) {
        mismatches.append(k)
    }
    #expect(mismatches.isEmpty, "\(file): rows differ at \(mismatches.prefix(10))")
}

@Suite struct ReferenceEndToEndTests {
    @Test(arguments: ["dev.jsonl", "dev.jsonl.zst"])
    func devReproducesTheReference(name: String) throws {
        let dir = try TempDir()
        let s = try encodeReference([name], into: dir)
        let want = try Reference.rows("dev_ref.jsonl")
        expectRows(try readBack(dir), want, file: name)
        #expect(s.encoded == 496 && s.skipped == 0 && s.blankLines == 0)
        #expect(s.tokens == want.reduce(0) { $0 + $1.inputIDs.count })
        #expect(s.targetTokens == want.reduce(0) { $0 + $1.labels!.filter { $0 != -100 }.count })
        #expect(try dir.read("out.rejects.jsonl").isEmpty)
    }

    @Test func noTruncateAndLastTurnMatchTheirReferences() throws {
        let dir = try TempDir()
        var o = EncodeOptions()
        o.labels.maxLength = nil
        _ = try encodeReference(["dev.jsonl"], options: o, into: dir, prefix: "nolimit")
        expectRows(try readBack(dir, prefix: "nolimit"), try Reference.rows("dev_ref_nolimit.jsonl"), file: "nolimit")
        o = EncodeOptions()
        o.labels.mode = .lastTurn
        _ = try encodeReference(["dev.jsonl"], options: o, into: dir, prefix: "combine")
        expectRows(try readBack(dir, prefix: "combine"), try Reference.rows("dev_ref_combine.jsonl"), file: "combine")
    }

    @Test func edgeFileRejectsExactlyTheReferenceErrors() throws {
        let dir = try TempDir()
        let s = try encodeReference(["dev_edge.jsonl"], into: dir)
        let ref = try Reference.rows("dev_edge_ref.jsonl")
        let errorLines = ref.indices.filter { ref[$0].error != nil }.map { $0 + 1 }
        #expect(errorLines == [24, 25])
        expectRows(try readBack(dir), ref.filter { $0.error == nil }, file: "dev_edge.jsonl")
        let rejects = try Reference.jsonLines(URL(fileURLWithPath: dir.path + "/out.rejects.jsonl")) as! [[String: Any]]
        #expect(rejects.map { $0["line"] as! Int } == errorLines)
        #expect(rejects.allSatisfy { ($0["file"] as! String) == Reference.data("dev_edge.jsonl").path && !($0["error"] as! String).isEmpty })
        #expect(Set(rejects[0].keys) == ["file", "line", "error"])
        #expect(s.skipped == 2 && s.encoded == 23)
    }

    @Test func textFormatReproducesTextMultiline() throws {
        let dir = try TempDir()
        var o = EncodeOptions()
        o.format = .text
        let s = try encodeReference(["text_multiline.jsonl"], options: o, into: dir)
        expectRows(try readBack(dir, labels: false), try Reference.rows("text_multiline_ref.jsonl"), file: "text_multiline.jsonl")
        #expect(try dir.files() == ["out.meta.json", "out.rejects.jsonl", "out_input_ids_document.bin", "out_input_ids_document.idx"])
        #expect(s.targetTokens == 0)
    }

    @Test func realEncodersGiveIdenticalFilesForOneTwoThreeWorkers() throws {
        let dir = try TempDir()
        var outputs: [[[UInt8]]] = []
        for workers in [1, 2, 3] {
            // 8 KB batches: ~110 batches for dev.jsonl, plus the edge file's rejects.
            // Same file names in separate directories: meta.json names the files it describes.
            let s = try encodeReference(["dev.jsonl", "dev_edge.jsonl"], workers: workers, batchBytes: 8 << 10, into: dir, prefix: "w\(workers)/out")
            #expect(s.outputFiles.count == 6)
            outputs.append(try s.outputFiles.map { try Reference.bytes(URL(fileURLWithPath: $0)) })
        }
        for w in 1 ... 2 {
            for f in outputs[0].indices {
                let same = outputs[w][f] == outputs[0][f]
                #expect(same, "workers \(w + 1), file \(f) differs from workers 1")
            }
        }
    }

    @Test func metaDescribesTheEncoding() throws {
        let dir = try TempDir()
        _ = try encodeReference(["dev.jsonl.zst"], into: dir)
        let meta = try JSONSerialization.jsonObject(with: Data(dir.read("out.meta.json"))) as! [String: Any]
        let tokenizer = meta["tokenizer"] as! [String: Any]
        #expect(tokenizer["sha256"] as? String == "5a493598071550244b2ee7f26118f3edec2150b9dfa967929a99052ac83fe716")
        #expect(meta["template"] as? String == "glm4")
        #expect(meta["mode"] as? String == "per-turn")
        #expect(meta["max_input_length"] as? Int == 512 && meta["max_output_length"] as? Int == 512)
        #expect(meta["tokenpack_version"] as? String == "test")
        #expect((meta["inputs"] as! [[String: Any]]).first?["bytes"] as? Int == 243_360)
    }

    /// The counts of what the default cut (512 + 512 + 1) removes, against the reference's own
    /// rows with and without the cut: records shortened, tokens and targets removed, records
    /// kept with no target.
    @Test func truncationLossesAreCounted() throws {
        let dir = try TempDir()
        let s = try encodeReference(["dev.jsonl"], into: dir)
        let cut = try Reference.rows("dev_ref.jsonl"), whole = try Reference.rows("dev_ref_nolimit.jsonl")
        let shortened = zip(cut, whole).filter { $0.0.inputIDs.count < $0.1.inputIDs.count }
        let targets = { (r: Reference.Row) in r.labels!.filter { $0 != -100 }.count }
        #expect(s.truncatedRecords == shortened.count && s.truncatedRecords > 0)
        #expect(s.truncatedTokens == shortened.reduce(0) { $0 + $1.1.inputIDs.count - $1.0.inputIDs.count })
        #expect(s.truncatedTargets == shortened.reduce(0) { $0 + targets($1.1) - targets($1.0) })
        #expect(s.zeroTargetRecords == cut.filter { targets($0) == 0 }.count)
        let meta = try JSONSerialization.jsonObject(with: Data(dir.read("out.meta.json"))) as! [String: Any]
        let counts = meta["counts"] as! [String: Any]
        #expect(counts["truncated_records"] as? Int == s.truncatedRecords)
        #expect(counts["truncated_tokens"] as? Int == s.truncatedTokens)
        #expect(counts["truncated_targets"] as? Int == s.truncatedTargets)
        #expect(counts["zero_target_records"] as? Int == s.zeroTargetRecords)
        print("dev.jsonl, default cut: \(s.truncatedRecords) records cut, \(s.truncatedTokens) tokens and \(s.truncatedTargets) targets removed, \(s.zeroTargetRecords) records without a target")
        let text = SummaryReport.text(s, inputs: 1, withLabels: true)
        #expect(text.contains("warning   the length cut shortened \(s.truncatedRecords) records"))
        #expect(text.contains("kept no target at all"))
    }

    @Test func noTruncationCountsNothing() throws {
        let dir = try TempDir()
        var o = EncodeOptions()
        o.labels.maxLength = nil
        let s = try encodeReference(["dev.jsonl"], options: o, into: dir)
        #expect(s.truncatedRecords == 0 && s.truncatedTokens == 0 && s.truncatedTargets == 0)
        #expect(!SummaryReport.text(s, inputs: 1, withLabels: true).contains("warning"))
    }
}
