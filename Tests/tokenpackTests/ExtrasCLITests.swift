import Foundation
import PackedFormat
import TestSupport
import Testing

/// `audit`, `verify --audit`, `encode --pack` / `--eval` and how `inspect` and the Python
/// reader show them, through the binary.
@Suite struct ExtrasCLITests {
    static var dev: String { Reference.data("dev.jsonl").path }

    @Test func auditReportsAndExits() throws {
        let (dir, prefix) = temporaryPrefix("a")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["encode", Self.dev, "-o", prefix, "--quiet"]).status == 0)
        let text = try CLI.run(["audit", prefix])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("assistant continuations") && text.stdout.contains("467, 471, 472, 474, 483, 487, 489"))
        #expect(text.stdout.contains("audit: ok") && text.stdout.split(separator: "\n").count < 30)
        let json = try CLI.run(["audit", prefix, "--json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(doc["continuation_sequences"] as? [Int] == [467, 471, 472, 474, 483, 487, 489])
        #expect((doc["violations"] as? [Any])?.isEmpty == true)
        // 8 of 496 records lose every target to GLM-4's cut.
        let strict = try CLI.run(["audit", prefix, "--max-zero-target-share", "0.01"])
        #expect(strict.status == 1 && strict.stdout.contains("audit: FAIL"))
        let verify = try CLI.run(["verify", prefix, "--audit", "--max-zero-target-share", "0.01"])
        #expect(verify.status == 1 && verify.stdout.contains(": ok,") && verify.stdout.contains("audit: FAIL"))
        #expect(try CLI.run(["verify", prefix, "--audit"]).status == 0)
        #expect(try CLI.run(["audit", prefix, "--max-zero-target-share", "2"]).status != 0)
    }

    @Test func packedDatasetThroughInspectAndPython() throws {
        let (dir, prefix) = temporaryPrefix("p")
        defer { try? FileManager.default.removeItem(at: dir) }
        let enc = try CLI.run(["encode", Self.dev, "-o", prefix, "--pack", "4096", "--pack-window", "200", "--quiet"])
        try #require(enc.status == 0, "\(enc.stderr)")
        #expect(try CLI.run(["verify", prefix]).status == 0)
        let ids = try PackedReader(prefix: prefix, name: PackedPaths.inputIDs)
        let docs = ids.documentIndex
        #expect(docs.count - 1 < ids.count / 4)
        let one = try CLI.run(["inspect", prefix, "--document", "2", "--plain"])
        #expect(one.status == 0)
        let n = Int(docs[3] - docs[2])
        #expect(one.stdout.components(separatedBy: "; bin 2: conversation ").count - 1 == n)
        #expect(one.stdout.contains("conversation \(n) of \(n)") && one.stdout.contains("(at most 4096)"))

        // Tools/tokenpack_data.py: bins with position_ids restarting per conversation and cu_seqlens.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Reference.packageRoot.appendingPathComponent("Tools/tokenpack_data.py").path, prefix, "--bins"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "python3 with numpy is needed")
        let bins = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(bins.count == docs.count - 1)
        let labels = try PackedReader(prefix: prefix, name: PackedPaths.labels)
        for (d, line) in bins.enumerated() {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let seqs = Int(docs[d]) ..< Int(docs[d + 1])
            let cu = (o["cu_seqlens"] as! [NSNumber]).map(\.intValue)
            var want = [0]
            for s in seqs { want.append(want.last! + ids.length(s)) }
            #expect(cu == want, "bin \(d)")
            #expect((o["input_ids"] as! [NSNumber]).map { Int32($0.intValue) } == seqs.flatMap { ids[$0] })
            #expect((o["labels"] as! [NSNumber]).map { Int32($0.intValue) } == seqs.flatMap { labels[$0] })
            #expect((o["position_ids"] as! [NSNumber]).map(\.intValue) == seqs.flatMap { 0 ..< ids.length($0) })
            #expect(cu.last! <= 4096)
        }
    }

    @Test func evalDatasetThroughVerifyAndInspect() throws {
        let (dir, prefix) = temporaryPrefix("e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let enc = try CLI.run(["encode", Reference.data("dev_edge.jsonl").path, "-o", prefix, "--eval", "--quiet"])
        try #require(enc.status == 0, "\(enc.stderr)")
        #expect(FileManager.default.fileExists(atPath: prefix + "_output_ids_document.bin"))
        #expect(!FileManager.default.fileExists(atPath: prefix + "_labels_document.bin"))
        let v = try CLI.run(["verify", prefix])
        #expect(v.status == 0 && v.stdout.contains("evaluation rows: 33 examples from 23 conversations"), "\(v.stdout)\(v.stderr)")
        let i = try CLI.run(["inspect", prefix, "--document", "2", "--plain"])
        #expect(i.status == 0 && i.stdout.contains("example 1 of 2") && i.stdout.contains("example 2 of 2"))
        #expect(i.stdout.contains("<|assistant|>[["))
        let a = try CLI.run(["audit", prefix])
        #expect(a.status == 1 && a.stderr.contains("evaluation dataset"))
        let va = try CLI.run(["verify", prefix, "--audit"])
        #expect(va.status == 0 && va.stdout.contains("no label audit"))
    }

    @Test func flagsThatDoNotGoTogether() throws {
        let (dir, prefix) = temporaryPrefix("f")
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["--pack", "0"], ["--pack", "512", "--eval"], ["--pack-window", "10"], ["--pack", "512", "--format", "text"], ["--eval", "--format", "text"]] {
            let r = try CLI.run(["encode", Self.dev, "-o", prefix, "--quiet"] + args)
            #expect(r.status != 0, "\(args)")
        }
    }
}
