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
}
