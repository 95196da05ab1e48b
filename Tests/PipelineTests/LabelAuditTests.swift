import Foundation
import JSONLines
import Labels
import Models
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// `tokenpack audit`: the kits' official rows pass, GLM-4's seven continuations are listed, and
/// datasets written with a wrong mask (written directly with PackedWriter) are caught by record.
@Suite struct LabelAuditTests {
    /// The 0-based sequences of dev_ref.jsonl where two assistant messages follow each other
    /// (lines 468, 472, 473, 475, 484, 488, 490).
    static let devContinuations = [467, 471, 472, 474, 483, 487, 489]

    /// Writes `rows` under `prefix` with the meta.json of `like` (so the audit loads its model).
    func write(_ rows: [(ids: [Int32], labels: [Int32])], to prefix: String, like: String) throws {
        let ids = try PackedWriter(prefix: prefix, name: PackedPaths.inputIDs)
        let labels = try PackedWriter(prefix: prefix, name: PackedPaths.labels)
        for r in rows { try ids.append(r.ids); try labels.append(r.labels) }
        for w in [ids, labels] { try w.finish(); try w.commit() }
        try FileManager.default.copyItem(atPath: PackedPaths.meta(prefix: like), toPath: PackedPaths.meta(prefix: prefix))
    }

    @Test func glm4DevPassesAndListsTheSevenContinuations() throws {
        let dir = try TempDir()
        _ = try encodeReference(["dev.jsonl"], into: dir)
        expectRows(try readBack(dir), try Reference.rows("dev_ref.jsonl"), file: "dev_ref.jsonl")
        let r = try LabelAudit.run(prefix: dir.path + "/out")
        #expect(r.violations.isEmpty)
        #expect(r.continuationSequences == Self.devContinuations)
        #expect(r.continuations.allSatisfy { $0.token == "<|assistant|>" && $0.previousRole == "assistant" })
        #expect(r.failures(maxZeroTargetShare: nil).isEmpty)
        #expect(r.sequences == 496 && r.specialTargets["<|assistant|>"] == r.continuations.count)
        #expect(r.zeroTarget.count == r.metaCounts["zero_target_records"])
        #expect(r.metaCounts["truncated_records"] == r.atCut.count)
        // 8 of 496 records lose every target to the cut: a threshold below that share fails.
        #expect(!r.failures(maxZeroTargetShare: 0.01).isEmpty && r.failures(maxZeroTargetShare: 0.02).isEmpty)
        #expect(r.text().contains("audit: ok"))
    }

    /// dev_edge.jsonl: an unknown role (`tool`, rendered as text and trained) is listed, and the
    /// probe whose assistant content holds `<|user|>` and `<|observation|>` strings (they become
    /// the special tokens, trained) is caught: in the token stream those are turn openers.
    @Test func glm4EdgeCases() throws {
        let dir = try TempDir()
        _ = try encodeReference(["dev_edge.jsonl"], into: dir)
        let r = try LabelAudit.run(prefix: dir.path + "/out")
        #expect(r.textRoles["tool"]?.sequences == [6] && r.textRoles["tool"]?.trained == 1)
        #expect(r.violationSequences == [8])
        #expect(r.violations.map(\.token) == ["<|observation|>", "<|user|>"])
    }

    @Test func qwenKitPasses() throws {
        let dir = try TempDir()
        let c = PipelineConfiguration(inputs: try InputFile.expand([ModelKit.qwen3_5.file("dev.jsonl").path]), outputPrefix: dir.path + "/q", workers: 2)
        _ = try EncodeRun(model: qwenModel.get(), options: QwenEndToEndTests.chat, configuration: c, version: "test").run()
        let r = try LabelAudit.run(prefix: dir.path + "/q")
        #expect(r.family == "qwen3.5" && r.violations.isEmpty && r.continuations.isEmpty && r.zeroTarget.isEmpty)
        #expect(r.roles["user"]?.targets == 0 && r.roles["system"]?.targets == 0)
        #expect(r.specialTargets["<|im_start|>"] == nil && r.specialTargets["<|im_end|>"] == r.roles["assistant"]?.messages)
    }

    /// gpt-oss: its grammar names the role from the text after `<|start|>`; the kit's rows pass,
    /// no opener is trained, and every assistant message ends in a trained end token.
    @Test func gptOSSKitPasses() throws {
        let dir = try TempDir()
        let c = PipelineConfiguration(inputs: try InputFile.expand([ModelKit.gptOSS.file("dev.jsonl").path]), outputPrefix: dir.path + "/g", workers: 2)
        _ = try EncodeRun(model: gptOSSModel.get(), options: GptOssEndToEndTests.chat, configuration: c, version: "test").run()
        let r = try LabelAudit.run(prefix: dir.path + "/g")
        #expect(r.family == "gpt-oss" && r.violations.isEmpty && r.zeroTarget.isEmpty)
        #expect(r.roles["user"]?.targets == 0 && r.roles["system"]?.targets == 0 && r.roles["developer"]?.targets == 0)
        #expect(r.roles["functions.* to=assistant"]?.targets == 0)
        #expect(r.specialTargets["<|start|>"] == nil)
        let ends = (r.specialTargets["<|end|>"] ?? 0) + (r.specialTargets["<|return|>"] ?? 0) + (r.specialTargets["<|call|>"] ?? 0)
        #expect(ends == r.roles["assistant"]!.messages + r.roles["assistant to=functions.*"]!.messages)
    }

    /// The loss-plateau bug: GLM-4's mask not shifted, so every assistant message's own
    /// `<|assistant|>` (after a user or observation message) is a target.
    @Test func unshiftedGLM4MaskIsCaughtByRecord() throws {
        let dir = try TempDir()
        _ = try encodeReference(["dev.jsonl"], into: dir)
        let rows = try Reference.rows("dev_ref_nolimit.jsonl").map { row -> (ids: [Int32], labels: [Int32]) in
            let l = row.labels!
            // Shifted label k+1 is set exactly when token k's message is trainable.
            let unshifted = row.inputIDs.indices.map { k in k + 1 < l.count && l[k + 1] != ignoreIndex ? row.inputIDs[k] : ignoreIndex }
            return (row.inputIDs, unshifted)
        }
        try write(rows, to: dir.path + "/bad", like: dir.path + "/out")
        let r = try LabelAudit.run(prefix: dir.path + "/bad")
        // Every record whose assistant message follows a non-assistant message.
        let assistant: Int32 = 151337, user: Int32 = 151336, observation: Int32 = 151338, system: Int32 = 151335
        let expected = rows.indices.filter { s in
            let x = rows[s].ids
            var prev: Int32?
            for t in x where [assistant, user, observation, system].contains(t) {
                if t == assistant && prev != nil && prev != assistant { return true }
                prev = t
            }
            return false
        }
        #expect(expected.count > 400)
        #expect(r.violationSequences == expected)
        #expect(r.violations.allSatisfy { $0.token == "<|assistant|>" && $0.previousRole != "assistant" })
        #expect(!r.failures(maxZeroTargetShare: nil).isEmpty)
        #expect(r.text().contains("FAIL"))
    }

    /// A rule that forgot the mask on three Qwen records: every token trained, `<|im_start|>` too.
    @Test func wrongQwenRuleIsCaughtByRecord() throws {
        let dir = try TempDir()
        let c = PipelineConfiguration(inputs: try InputFile.expand([ModelKit.qwen3_5.file("dev.jsonl").path]), outputPrefix: dir.path + "/q", workers: 2)
        _ = try EncodeRun(model: qwenModel.get(), options: QwenEndToEndTests.chat, configuration: c, version: "test").run()
        var rows = try readBack(dir, prefix: "q").map { ($0.ids, $0.labels!) }
        for s in [3, 100, 411] { rows[s].1 = rows[s].0 }
        try write(rows, to: dir.path + "/bad", like: dir.path + "/q")
        let r = try LabelAudit.run(prefix: dir.path + "/bad")
        #expect(r.violationSequences == [3, 100, 411])
        #expect(r.violations.allSatisfy { $0.token == "<|im_start|>" })
        #expect(r.violations.contains { $0.previousRole == "user" })
        let json = try JSONSerialization.jsonObject(with: Data(r.json().utf8)) as! [String: Any]
        #expect(json["violation_sequences"] as? [Int] == [3, 100, 411])
    }
}
