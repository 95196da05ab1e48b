import Foundation
import TestSupport
import Testing

@Suite struct BenchCLITests {
    /// The first `count` lines of dev.jsonl in a fresh directory.
    func smallInput(_ count: Int) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = try Reference.lines(Reference.data("dev.jsonl")).prefix(count)
        let file = dir.appendingPathComponent("small.jsonl")
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: file)
        return file
    }

    /// `tokenpack bench`'s temporary directories, except this test process's own (in-process
    /// bench tests may run at the same time).
    func benchDirectories() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("tokenpack-bench-") && !$0.hasPrefix("tokenpack-bench-\(getpid())-") })
    }

    @Test func jsonOnStdoutProgressOnStderrNothingLeftBehind() throws {
        let input = try smallInput(20)
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let before = try benchDirectories()
        let r = try CLI.run(["bench", input.path, "--workers", "1", "--repeat", "1", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["records"] as? Int == 20)
        #expect(object?["repeat"] as? Int == 1)
        #expect((object?["stages"] as? [Any])?.count == 9)
        #expect(r.stderr.contains("bench: pipeline"))
        #expect(try benchDirectories() == before)
        // Nothing written beside the input either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: input.deletingLastPathComponent().path) == ["small.jsonl"])
    }

    @Test func tableByDefault() throws {
        let input = try smallInput(5)
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let r = try CLI.run(["bench", input.path, "--workers", "1", "--repeat", "1", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("records:  5"))
        #expect(r.stdout.contains("\npipeline "))
        #expect(r.stderr.isEmpty)
    }

    @Test func rejectsStdinAndTextOptionsOnChat() throws {
        let stdin = try CLI.run(["bench", "-"])
        #expect(stdin.status != 0)
        #expect(stdin.stderr.contains("not -"))
        let key = try CLI.run(["bench", "x.jsonl", "--text-key", "body"])
        #expect(key.status != 0)
        #expect(key.stderr.contains("--format text"))
        let missing = try CLI.run(["bench", "/nonexistent/none.jsonl", "--repeat", "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/none.jsonl"))
    }

    /// SIGINT while the pipeline stage writes: exit 130 and the scratch directory is gone.
    @Test func sigintRemovesTheScratchDirectory() throws {
        let input = try smallInput(496)
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["bench", input.path, "--workers", "1", "--repeat", "20", "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let tmp = FileManager.default.temporaryDirectory.path
        let mine = { () -> [String] in
            ((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [])
                .filter { $0.hasPrefix("tokenpack-bench-\(p.processIdentifier)-") }
        }
        let deadline = Date().addingTimeInterval(480)  // generous: twenty repeats of every stage come first, on a loaded machine
        var found: [String] = []
        while Date() < deadline && p.isRunning && found.isEmpty {
            found = mine()
            usleep(50_000)
        }
        #expect(!found.isEmpty, "bench finished or never reached write/pipeline")
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(mine().isEmpty)
    }
}
