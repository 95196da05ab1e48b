import Foundation
import PackedFormat
import TestSupport
import Testing

/// `Tools/tokenpack_data.py` (numpy) reads `encode` output exactly as the Swift reader does.
/// Needs python3 with numpy (`.ci/run` installs it).
@Suite struct PythonReaderTests {
    @Test func numpyReaderMatchesSwiftReader() throws {
        let (dir, prefix) = temporaryPrefix("py")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = Reference.packageRoot.appendingPathComponent("samples/chat.jsonl.zst").path
        let enc = try CLI.run(["encode", sample, "-o", prefix, "--quiet"])
        try #require(enc.status == 0, "\(enc.stderr)")

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Reference.packageRoot.appendingPathComponent("Tools/tokenpack_data.py").path, prefix, "--dump"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "python3 Tools/tokenpack_data.py failed (is numpy installed?): \(errText)")

        let ids = try PackedReader(prefix: prefix, name: "input_ids")
        let labels = try PackedReader(prefix: prefix, name: "labels")
        let rows = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(rows.count == ids.count)
        #expect(ids.count == 496)
        for (i, row) in rows.enumerated() {
            let o = try JSONSerialization.jsonObject(with: Data(row.utf8)) as! [String: Any]
            let pyIDs = (o["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }
            let pyLabels = (o["labels"] as! [NSNumber]).map { Int32($0.intValue) }
            #expect(pyIDs == ids[i], "sequence \(i)")
            #expect(pyLabels == labels[i], "sequence \(i)")
        }
    }
}

/// Runs `python3 -c script` with Tools/ on the path; returns status and output.
func python(_ script: String, _ args: [String] = []) throws -> CLI.Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    var env = ProcessInfo.processInfo.environment
    env["PYTHONPATH"] = Reference.packageRoot.appendingPathComponent("Tools").path
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

@Suite struct PythonCollateTests {
    /// `pad_collate` makes batches of any size: right-padded ids, -100 labels on the padding,
    /// an attention mask; the same with torch tensors when torch is installed.
    @Test func padCollateBatchesSequencesOfDifferentLengths() throws {
        let (dir, prefix) = temporaryPrefix("collate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = Reference.packageRoot.appendingPathComponent("samples/chat.jsonl.zst").path
        let enc = try CLI.run(["encode", sample, "-o", prefix, "--quiet"])
        try #require(enc.status == 0, "\(enc.stderr)")
        let r = try python("""
            import sys
            import numpy as np
            from tokenpack_data import TokenpackDataset, TorchDataset, pad_collate
            ds = TokenpackDataset(sys.argv[1])
            items = [ds[i] for i in range(4)]
            b = pad_collate(items)
            lengths = [len(ids) for ids, _ in items]
            assert b["input_ids"].shape == (4, max(lengths)), b["input_ids"].shape
            for row, (ids, labels) in enumerate(items):
                n = len(ids)
                assert (b["input_ids"][row, :n] == ids).all() and (b["labels"][row, :n] == labels).all()
                assert (b["labels"][row, n:] == -100).all() and (b["attention_mask"][row].sum() == n)
            try:
                import torch
            except ImportError:
                print("ok numpy"); sys.exit(0)
            loader = torch.utils.data.DataLoader(TorchDataset(sys.argv[1]), batch_size=4, collate_fn=pad_collate)
            t = next(iter(loader))
            assert t["input_ids"].shape == (4, max(lengths)) and t["labels"].dtype == torch.int64
            print("ok torch")
            """, [prefix])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok"))
    }

    @Test func textDatasetsAreNotSaidToHaveTargets() throws {
        let (dir, prefix) = temporaryPrefix("text")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inp = prefix + "-in.jsonl"
        try Data("{\"text\": \"hello world\"}\n".utf8).write(to: URL(fileURLWithPath: inp))
        let enc = try CLI.run(["encode", inp, "-o", prefix, "--format", "text"])
        try #require(enc.status == 0, "\(enc.stderr)")
        #expect(!enc.stderr.contains("target"), "\(enc.stderr)")
        let v = try CLI.run(["verify", prefix])
        #expect(v.status == 0 && !v.stdout.contains("target"), "\(v.stdout)")
        let i = try CLI.run(["inspect", prefix])
        #expect(i.status == 0 && !i.stdout.contains("target"), "\(i.stdout)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Reference.packageRoot.appendingPathComponent("Tools/tokenpack_data.py").path, prefix]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text.hasSuffix("1 sequences, 2 tokens\n"), "\(text)")
    }
}
