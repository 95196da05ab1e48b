#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing

/// `kill -9` at random moments, and in the commit window, never leaves a torn set under final
/// names (README "Crash safety"); the rerun is byte-identical and leaves no temporaries.
@Suite(.serialized) struct CrashSafetyCLITests {
    static let dataNames = ["_input_ids_document.bin", "_input_ids_document.idx", "_labels_document.bin", "_labels_document.idx", ".rejects.jsonl"]

    /// The final files of `prefix` (nil where absent), meta.json with the prefix's own path and
    /// base name written as PREFIX and BASE so that two prefixes' sets compare equal.
    func snapshot(_ prefix: String) -> [String: Data?] {
        let base = (prefix as NSString).lastPathComponent
        var out: [String: Data?] = [:]
        for n in Self.dataNames { out.updateValue(FileManager.default.contents(atPath: prefix + n), forKey: n) }
        out.updateValue(FileManager.default.contents(atPath: prefix + ".meta.json").map {
            Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: prefix, with: "PREFIX").replacingOccurrences(of: base, with: "BASE").utf8)
        }, forKey: ".meta.json")
        return out
    }

    /// Temporaries (`FINAL.tmp-PID`) in `dir`.
    func temporaries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".tmp-") }.sorted()
    }

    func inode(_ path: String) -> UInt64? {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : nil
    }

    @Test func killNineNeverLeavesATornSet() throws {
        let dir = try Scratch()
        // ~3.6 MB of chat records (dev.jsonl 4 times): long enough that random kills land while
        // the job encodes, writes and renames.
        let dev = try Reference.bytes(Reference.data("dev.jsonl"))
        let corpus = dir.path + "/big.jsonl", small = dir.path + "/small.jsonl"
        try Data((0..<4).flatMap { _ in dev }).write(to: URL(fileURLWithPath: corpus))
        try Data(dev.prefix(200_000).split(separator: 0x0A).dropLast().joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: small))
        let args = { (input: String, prefix: String) in ["encode", input, "-o", prefix, "--workers", "2", "--quiet"] }

        let reference = dir.path + "/refset"
        let start = Date()
        let r = try CLI.run(args(corpus, reference))
        #expect(r.status == 0, "\(r.stderr)")
        let duration = Date().timeIntervalSince(start)
        let want = snapshot(reference)

        // An old complete set from other input, so a mix of old and new files would show.
        let out = dir.path + "/outset"
        #expect(try CLI.run(args(small, out)).status == 0)
        var old = snapshot(out)

        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        var kills = 0, inCommit = 0
        for round in 0..<9 {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = args(corpus, out)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let binInode = inode(out + "_input_ids_document.bin")
            try p.run()
            let mode = round % 3
            var why = ""
            if mode == 0 {
                // Random moment of the whole run (the encode, the writes, the commit).
                usleep(UInt32(Double.random(in: 0...duration, using: &rng) * 1_000_000))
                why = "at a random moment"
            } else {
                // The commit window: right after the old meta.json goes (mode 1), or right after
                // the first data file is renamed over the old one (mode 2).
                let deadline = Date().addingTimeInterval(duration * 4 + 30)
                while p.isRunning && Date() < deadline {
                    if mode == 1 && access(out + ".meta.json", F_OK) != 0 { break }
                    if mode == 2 && inode(out + "_input_ids_document.bin") != binInode { break }
                }
                why = mode == 1 ? "when meta.json was removed" : "when the new .bin was renamed"
            }
            let wasRunning = p.isRunning
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if wasRunning && p.terminationReason == .uncaughtSignal { kills += 1; if mode != 0 { inCommit += 1 } }
            // The invariant: a meta.json means a complete set, the old one or the new one.
            let now = snapshot(out)
            let context = "TOKENPACK_TEST_SEED=\(seed) round \(round), killed \(why)"
            if now[".meta.json"]! != nil {
                let v = try CLI.run(["verify", out])
                #expect(v.status == 0, "\(context): meta.json present but verify fails: \(v.stderr)")
                #expect(now == old || now == want, "\(context): a meta.json beside files of another run")
                old = now
            }
        }
        #expect(kills >= 4, "only \(kills) of 9 runs were still running when killed")
        #expect(inCommit >= 2, "only \(inCommit) kills landed in the commit window")
        // The rerun removes the dead runs' temporaries and writes exactly the reference's files.
        let rerun = try CLI.run(args(corpus, out))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(snapshot(out) == want)
        #expect(temporaries(dir.path) == [])
        #expect(!FileManager.default.fileExists(atPath: out + ".lock"))
    }

    /// verify tells a torn set (a file that is not the one meta.json records) from a whole one.
    @Test func verifyRejectsAFileFromAnotherRun() throws {
        let dir = try Scratch()
        let dev = Reference.data("dev.jsonl").path
        let small = dir.path + "/small.jsonl"
        let lines = try Reference.bytes(Reference.data("dev.jsonl")).split(separator: 0x0A).prefix(10)
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: small))
        #expect(try CLI.run(["encode", dev, "-o", dir.path + "/a", "--quiet"]).status == 0)
        #expect(try CLI.run(["encode", small, "-o", dir.path + "/b", "--quiet"]).status == 0)
        // The new .bin beside the old .idx and meta.json: what a kill between renames used to leave.
        try FileManager.default.removeItem(atPath: dir.path + "/a_labels_document.bin")
        try FileManager.default.copyItem(atPath: dir.path + "/b_labels_document.bin", toPath: dir.path + "/a_labels_document.bin")
        let v = try CLI.run(["verify", dir.path + "/a"])
        #expect(v.status != 0)
        #expect(v.stderr.contains("a_labels_document.bin") && v.stderr.contains("torn"), "\(v.stderr)")
    }

    /// A full disk (here `ulimit -f`, EFBIG) fails naming the file, with nothing under final names.
    @Test func fileSizeLimitFailsCleanly() throws {
        let dir = try Scratch()
        let dev = Reference.data("dev.jsonl").path
        let prefix = dir.path + "/full"
        // 1,000 blocks of 512 bytes: the ids .bin (~1.2 MB for dev.jsonl) cannot be written.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f 1000; exec \"$0\" \"$@\"", CLI.binary.path, "encode", dev, "-o", prefix, "--quiet"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        #expect(text.contains(dir.path + "/full_") && (text.contains("too large") || text.contains("No space")), "\(text)")
        let files = try dir.files()
        #expect(files.filter { !$0.contains(".tmp-") } == [], "final names written: \(files)")
        #expect(files == [], "temporaries left: \(files)")
    }
}
