import Foundation
import TestSupport
import Testing

/// stderr closed or gone, and bounds on flags that would exhaust the machine.
@Suite struct StandardErrorCLITests {
    @Test func closedStderrStillSucceeds() throws {
        let dir = try Scratch()
        let r = try shell("\"$0\" encode '\(sampleCorpus)' -o '\(dir.path)/s' 2>&-")
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/s.meta.json"))
        // Nothing the run opened took fd 2: the dataset verifies.
        let v = try CLI.run(["verify", dir.path + "/s"])
        #expect(v.status == 0, "\(v.stderr)")
    }

    @Test func missingInputExitsOneWithOrWithoutStderr() throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", dir.path + "/nope.jsonl", "-o", dir.path + "/x"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nope.jsonl: no such file or directory"), "\(r.stderr)")
        let closed = try shell("\"$0\" encode '\(dir.path)/nope.jsonl' -o '\(dir.path)/x' 2>&-")
        #expect(closed.status == 1)
    }

    @Test func absurdWorkerCountsAreRefusedWithTheReason() throws {
        let dir = try Scratch()
        for cmd in ["encode", "bench"] {
            var args = [cmd, sampleCorpus, "--workers", "100000"]
            if cmd == "encode" { args += ["-o", dir.path + "/x"] }
            let r = try CLI.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.contains("--workers 100000 is more than"), "\(r.stderr)")
            #expect(r.stderr.contains("per active core"), "\(r.stderr)")
        }
        #expect(try dir.files().isEmpty)
    }

    /// Ctrl-C in `tokenpack encode … 2>&1 | tee log`: the shell's SIGINT also ends tee, so the
    /// run's "interrupted" message goes to a pipe without a reader. It must still clean up and
    /// exit 130, not die by SIGPIPE (141) with its temporaries left behind.
    @Test func sigintWithStderrReaderGoneCleansUp() throws {
        let dir = try Scratch()
        let dev = try Reference.bytes(Reference.data("dev.jsonl"))
        let input = dir.path + "/in/big.jsonl"
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        try Data(Array([[UInt8]](repeating: dev, count: 20).joined())).write(to: URL(fileURLWithPath: input))
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["encode", input, "-o", dir.path + "/out/x", "--workers", "1"]
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        try err.fileHandleForReading.close()
        let deadline = Date().addingTimeInterval(120)
        var running = false
        while Date() < deadline && p.isRunning {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out"), names.contains(where: { $0.contains(".tmp-") }) {
                running = true
                break
            }
            usleep(50_000)
        }
        #expect(running, "the job finished or never started")
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) == [])
    }
}
