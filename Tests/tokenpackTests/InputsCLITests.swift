import Foundation
import TestSupport
import Testing

/// The peak resident set size of a running process, in kB (Linux: VmHWM in /proc/PID/status).
func peakResidentKB(_ pid: Int32) -> Int? {
    guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.split(separator: " ").dropFirst().first ?? "")
}

@Suite struct InputsCLITests {
    /// gzip is read whatever the name; a BOM at the start of a file is not a bad line 1.
    @Test func gzipAndBOMInputsEncodeLikePlainJSONL() throws {
        let dir = try Scratch()
        let dev = try Reference.bytes(Reference.data("dev.jsonl"))
        let plain = dir.path + "/dev.jsonl"
        try Data(dev).write(to: URL(fileURLWithPath: plain))
        let gz = try shell("gzip -c '\(plain)' > '\(dir.path)/dev.jsonl.gz' && gzip -c '\(plain)' > '\(dir.path)/gz-named.jsonl'")
        #expect(gz.status == 0)
        try Data([0xEF, 0xBB, 0xBF] + dev).write(to: URL(fileURLWithPath: dir.path + "/bom.jsonl"))
        let want = try CLI.run(["encode", plain, "-o", dir.path + "/out/plain", "--quiet"])
        #expect(want.status == 0, "\(want.stderr)")
        let wantIDs = try readDataset(dir.path + "/out/plain_input_ids")
        for name in ["dev.jsonl.gz", "gz-named.jsonl", "bom.jsonl"] {
            let r = try CLI.run(["encode", dir.path + "/" + name, "-o", dir.path + "/out/x", "--quiet"])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(try readDataset(dir.path + "/out/x_input_ids") == wantIDs, "\(name)")
            #expect(try String(contentsOfFile: dir.path + "/out/x.rejects.jsonl", encoding: .utf8).isEmpty, "\(name)")
        }
    }

    /// Nothing encodes (here: 24 lines of binary garbage): exit 1 with the first reason, and no
    /// dataset that looks like a success.
    @Test func aJobInWhichNothingEncodesFails() throws {
        let dir = try Scratch()
        var rng = SplitMix64(seed: 7)
        var garbage: [UInt8] = []
        for _ in 0 ..< 24 {
            garbage += (0 ..< 50).map { _ in UInt8(truncatingIfNeeded: rng.next() % 200 + 14) }.filter { $0 != 0x0A }
            garbage.append(0x0A)
        }
        try Data(garbage).write(to: URL(fileURLWithPath: dir.path + "/junk.jsonl"))
        let r = try CLI.run(["encode", dir.path + "/junk.jsonl", "-o", dir.path + "/out/x"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no record encoded: all 24 records were skipped, the first as \(dir.path)/junk.jsonl:1: "), "\(r.stderr)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) ?? [] == [])
    }

    /// An endless line (`/dev/zero`) is a reject once it passes --max-record-bytes; memory stays
    /// near the limit while the rest of it streams by, and Ctrl-C still stops the run.
    @Test func endlessLineDoesNotEatMemory() throws {
        let dir = try Scratch()
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["encode", "/dev/zero", "-o", dir.path + "/x", "--max-record-bytes", "1000000", "--workers", "1"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        sleep(6)
        let peak = peakResidentKB(p.processIdentifier)
        #expect(p.isRunning)
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(peak != nil && peak! < 300_000, "peak RSS \(peak ?? -1) kB")
        #expect(try dir.files().isEmpty)
    }

    @Test func longLineIsARejectWithItsLineNumber() throws {
        let dir = try Scratch()
        let rec = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}"#
        let text = rec + "\n" + String(repeating: " ", count: 10) + "\"" + String(repeating: "x", count: 300_000) + "\"\n" + rec + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir.path + "/in.jsonl"))
        let r = try CLI.run(["encode", dir.path + "/in.jsonl", "-o", dir.path + "/x", "--max-record-bytes", "1000"])
        #expect(r.status == 0, "\(r.stderr)")
        let rejects = try String(contentsOfFile: dir.path + "/x.rejects.jsonl", encoding: .utf8)
        #expect(rejects.contains("\"line\":2,"), "\(rejects)")
        #expect(rejects.contains("--max-record-bytes"), "\(rejects)")
        #expect(r.stderr.contains("encoded 2 of 3 records"), "\(r.stderr)")
    }

    /// Parquet and a JSON array given by name: skipped with the converter's command; with
    /// nothing else to read, the job stops listing them.
    @Test func parquetAndJSONArraysAreNamedWithTheConverter() throws {
        let dir = try Scratch()
        try Data("PAR1\u{0}\u{0}\u{0}\u{0}PAR1".utf8).write(to: URL(fileURLWithPath: dir.path + "/t.parquet"))
        try Data(#"[{"text": "a"}, {"text": "b"}]"#.utf8).write(to: URL(fileURLWithPath: dir.path + "/t.jsonl"))
        let r = try CLI.run(["encode", dir.path + "/t.parquet", dir.path + "/t.jsonl", "-o", dir.path + "/out/x", "--format", "text"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("t.parquet: parquet, not JSON Lines: convert it with `python3 Tools/to_jsonl.py"), "\(r.stderr)")
        #expect(r.stderr.contains("t.jsonl: a JSON array, not JSON Lines"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing to read"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/x.meta.json"))
        // The converter's output encodes.
        let conv = try shell("python3 '\(Reference.packageRoot.path)/Tools/to_jsonl.py' '\(dir.path)/t.jsonl' > '\(dir.path)/c.jsonl'")
        #expect(conv.status == 0, "\(conv.stderr)")
        let ok = try CLI.run(["encode", dir.path + "/c.jsonl", "-o", dir.path + "/out/x", "--format", "text"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("encoded 2 of 2 records"), "\(ok.stderr)")
    }

    @Test func longWindowZstdEncodes() throws {
        let dir = try Scratch()
        let dev = Reference.data("dev.jsonl").path
        let z = try shell("zstd -q --long=31 -c < '\(dev)' > '\(dir.path)/long.jsonl.zst'")
        #expect(z.status == 0, "\(z.stderr)")
        let r = try CLI.run(["encode", dir.path + "/long.jsonl.zst", "-o", dir.path + "/x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("encoded 496 of 496 records"), "\(r.stderr)")
    }

    /// PREFIX.rejects.jsonl is written on every successful run (empty when nothing was
    /// skipped) and meta.json names it.
    @Test func rejectsFileIsAlwaysWrittenAndNamed() throws {
        let dir = try Scratch()
        let rec = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}"#
        try Data((rec + "\n").utf8).write(to: URL(fileURLWithPath: dir.path + "/in.jsonl"))
        let r = try CLI.run(["encode", dir.path + "/in.jsonl", "-o", dir.path + "/x", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/x.rejects.jsonl")).isEmpty)
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/x.meta.json"))) as! [String: Any]
        #expect(meta["rejects"] as? String == "x.rejects.jsonl")
    }
}
