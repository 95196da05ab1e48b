import Foundation
import TestSupport
import Testing

/// Runs the binary with a deadline: a hang is a failure, not a stuck test run.
func runWithDeadline(_ args: [String], seconds: Double = 60) throws -> CLI.Result? {
    let p = Process()
    p.executableURL = CLI.binary
    p.arguments = args
    let dir = try Scratch()
    let out = dir.path + "/out", err = dir.path + "/err"
    FileManager.default.createFile(atPath: out, contents: nil)
    FileManager.default.createFile(atPath: err, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(seconds)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return nil
    }
    return CLI.Result(status: p.terminationStatus, stdout: try String(contentsOfFile: out, encoding: .utf8),
                      stderr: try String(contentsOfFile: err, encoding: .utf8))
}

@Suite struct HostileInputCLITests {
    static let short = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}"#
    static let long = #"{"messages": [{"role": "user", "content": "Tell me a story about a cat"}, {"role": "assistant", "content": "Once upon a time a cat sat on a mat and slept all day."}]}"#

    func encode(_ dir: Scratch, _ name: String, _ lines: [String]) throws -> String {
        let inp = dir.path + "/\(name).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: inp))
        let r = try CLI.run(["encode", inp, "-o", dir.path + "/" + name, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return dir.path + "/" + name
    }

    @Test func hugeAndNegativeLengthsAreValidationErrors() throws {
        let dir = try Scratch()
        let inp = dir.path + "/in.jsonl"
        try Data((Self.short + "\n").utf8).write(to: URL(fileURLWithPath: inp))
        for (args, message) in [
            (["--max-input-length", "9223372036854775807", "--max-output-length", "1"], "--max-input-length 9223372036854775807 is too large"),
            (["--max-input-length=-1000"], "--max-input-length must be at least 0"),
            (["--max-output-length=-1"], "--max-output-length must be at least 0"),
            (["--max-length", "0"], "--max-length must be at least 1"),
            (["--max-record-bytes", "0"], "--max-record-bytes must be at least 1"),
        ] {
            let r = try CLI.run(["encode", inp, "-o", dir.path + "/x"] + args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(try dir.files() == ["in.jsonl"])
    }

    /// Labels files from another dataset: inspect says what is wrong instead of trapping.
    @Test func inspectWithMismatchedLabelsIsAnError() throws {
        let dir = try Scratch()
        let a = try encode(dir, "a", [Self.short, Self.long])
        let b = try encode(dir, "b", [Self.long, Self.short])
        let c = try encode(dir, "c", [Self.short])
        for ext in ["bin", "idx"] {
            let target = a + "_labels_document." + ext
            try FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: b + "_labels_document." + ext, toPath: target)
        }
        let r = try CLI.run(["inspect", a, "--count", "2"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("sequence 0 has"), "\(r.stderr)")
        for ext in ["bin", "idx"] {
            let target = c + "_labels_document." + ext
            try FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: b + "_labels_document." + ext, toPath: target)
        }
        let r2 = try CLI.run(["inspect", c])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("holds 2 sequences but"), "\(r2.stderr)")
    }

    @Test func inspectCountUpToIntMaxShowsWhatThereIs() throws {
        let dir = try Scratch()
        let a = try encode(dir, "a", [Self.short, Self.long])
        let r = try CLI.run(["inspect", a, "--index", "1", "--count", "9223372036854775807", "--plain"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("sequence 1:"))
        let past = try CLI.run(["inspect", a, "--index", "5"])
        #expect(past.status == 1)
        #expect(past.stderr.contains("--index 5 is past the last sequence"), "\(past.stderr)")
        #expect(!past.stderr.contains("Usage:"))
    }

    @Test func inspectOnAnEmptyDatasetSaysSo() throws {
        let dir = try Scratch()
        // An MMIDIDX index of 0 sequences (document index [0]) and an empty .bin.
        var idx = Array("MMIDIDX\0\0".utf8)
        func u64(_ v: UInt64) { idx += (0 ..< 8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        u64(1); idx.append(4); u64(0); u64(1); u64(0)
        try Data(idx).write(to: URL(fileURLWithPath: dir.path + "/e_input_ids_document.idx"))
        try Data().write(to: URL(fileURLWithPath: dir.path + "/e_input_ids_document.bin"))
        let r = try CLI.run(["inspect", dir.path + "/e"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(dir.path)/e: the dataset holds no sequences; nothing to show\n")
        #expect(!r.stderr.contains("Usage:"))
    }

    /// A FIFO where the .idx or meta.json belongs: an error naming it, not a hang.
    @Test func aFIFOInPlaceOfADatasetFileDoesNotHang() throws {
        let dir = try Scratch()
        let a = try encode(dir, "a", [Self.short])
        for victim in [a + "_input_ids_document.idx", a + ".meta.json"] {
            let saved = victim + ".saved"
            try FileManager.default.moveItem(atPath: victim, toPath: saved)
            #expect(mkfifo(victim, 0o644) == 0)
            for cmd in ["verify", "inspect"] {
                let r = try #require(try runWithDeadline([cmd, a], seconds: 60), "\(cmd) hung on a FIFO at \(victim)")
                #expect(r.status == 1, "\(cmd) \(victim): \(r.stderr)")
                #expect(r.stderr.contains("\(victim): is a FIFO"), "\(cmd): \(r.stderr)")
            }
            try FileManager.default.removeItem(atPath: victim)
            try FileManager.default.moveItem(atPath: saved, toPath: victim)
        }
    }

    @Test func verifyRefusesAnUnknownFormat() throws {
        let dir = try Scratch()
        let a = try encode(dir, "a", [Self.short])
        let metaPath = a + ".meta.json"
        let text = try String(contentsOfFile: metaPath, encoding: .utf8).replacingOccurrences(of: "\"format\" : \"chat\"", with: "\"format\" : \"bogus\"")
        #expect(text.contains("bogus"))
        try text.write(toFile: metaPath, atomically: true, encoding: .utf8)
        let r = try CLI.run(["verify", a])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\"format\" is \"bogus\""), "\(r.stderr)")
    }
}
