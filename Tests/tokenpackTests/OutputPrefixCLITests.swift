import Foundation
import TestSupport
import Testing

/// The output prefix is checked and claimed before anything is written.
@Suite struct OutputPrefixCLITests {
    static let record = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}"# + "\n"

    func input(_ dir: Scratch) throws -> String {
        let p = dir.path + "/in.jsonl"
        try Data(Self.record.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    @Test func directoryLikePrefixesAreClearErrors() throws {
        let dir = try Scratch()
        let inp = try input(dir)
        for prefix in [".", "..", dir.path, dir.path + "/", dir.path + "/.", ""] {
            let r = try CLI.run(["encode", inp, "-o", prefix])
            #expect(r.status == 64, "\(prefix): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("names a directory"), "\(prefix): \(r.stderr)")
        }
        #expect(try dir.files() == ["in.jsonl"])
    }

    /// A directory where PREFIX.meta.json goes: an error before anything is written or renamed.
    @Test func aFinalNameHeldByADirectoryFailsBeforeWriting() throws {
        let dir = try Scratch()
        let inp = try input(dir)
        try FileManager.default.createDirectory(atPath: dir.path + "/x.meta.json", withIntermediateDirectories: false)
        let r = try CLI.run(["encode", inp, "-o", dir.path + "/x"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.meta.json: is a directory"), "\(r.stderr)")
        #expect(try dir.files() == ["in.jsonl", "x.meta.json"])
    }

    @Test func aSecondRunOnTheSamePrefixFailsNamingTheFirst() throws {
        let dir = try Scratch()
        let inp = try input(dir)
        // Play the first run: hold the lock as tokenpack does.
        let lock = dir.path + "/x.lock"
        let fd = open(lock, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = Array("4242\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let r = try CLI.run(["encode", inp, "-o", dir.path + "/x"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("another tokenpack (pid 4242) is writing this prefix"), "\(r.stderr)")
        #expect(try dir.files() == ["in.jsonl", "x.lock"])
        close(fd)
        // Released: the next run takes the prefix, and removes the lock file when done.
        let ok = try CLI.run(["encode", inp, "-o", dir.path + "/x", "--quiet"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lock))
    }

    /// Temporaries of a run that died (its pid is gone) are removed and the summary says so;
    /// a live process's are left alone.
    @Test func staleTemporariesOfDeadRunsAreRemoved() throws {
        let dir = try Scratch()
        let inp = try input(dir)
        // A pid that is certainly gone: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let stale = ["x_input_ids_document.bin.tmp-\(dead)", "x.meta.json.tmp-\(dead)"]
        let live = "x.rejects.jsonl.tmp-\(getpid())"
        for name in stale + [live, "other.meta.json.tmp-\(dead)"] {
            FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data([1, 2, 3]))
        }
        let r = try CLI.run(["encode", inp, "-o", dir.path + "/x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("cleaned   2 temporary files left by interrupted earlier runs"), "\(r.stderr)")
        let files = try dir.files()
        for name in stale { #expect(!files.contains(name), "\(name)") }
        #expect(files.contains(live))
        #expect(files.contains("other.meta.json.tmp-\(dead)"))
    }

    @Test func anInputThatIsAnOutputOfThisPrefixIsRefused() throws {
        let dir = try Scratch()
        let inp = try input(dir)
        let first = try CLI.run(["encode", inp, "-o", dir.path + "/x", "--quiet"])
        #expect(first.status == 0)
        let r = try CLI.run(["encode", dir.path + "/x.rejects.jsonl", "-o", dir.path + "/x"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.rejects.jsonl, a file this job writes"), "\(r.stderr)")
        // In a directory it is left out with a note, and the rest is read.
        let d = try CLI.run(["encode", dir.path, "-o", dir.path + "/x"])
        #expect(d.status == 0, "\(d.stderr)")
        #expect(d.stderr.contains("skipped \(dir.path)/x.rejects.jsonl: is x.rejects.jsonl, a file this job writes"), "\(d.stderr)")
        #expect(d.stderr.contains("encoded 1 of 1 records"), "\(d.stderr)")
    }

    /// File names that are not UTF-8: given as an argument, a clear error; in a directory,
    /// listed as skipped with the reason.
    @Test func nonUTF8FileNamesAreClearErrors() throws {
        let dir = try Scratch()
        let r = try shell("cd '\(dir.path)' && printf '%s\\n' '\(Self.record.dropLast())' > \"$(printf 'caf\\351.jsonl')\" && \"$0\" encode \"$(printf 'caf\\351.jsonl')\" -o x; echo \"status $?\"; \"$0\" encode . -o x")
        #expect(r.stdout.contains("status 1"), "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("caf\u{FFFD}.jsonl: no such file or directory (this name is not valid UTF-8 as given"), "\(r.stderr)")
        #expect(r.stderr.contains("caf\u{FFFD}.jsonl: file name is not valid UTF-8"), "\(r.stderr)")
    }

    @Test func aDirectoryListsWhatItSkips() throws {
        let dir = try Scratch()
        let data = dir.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/sub", withIntermediateDirectories: true)
        try Data(Self.record.utf8).write(to: URL(fileURLWithPath: data + "/A.JSONL"))
        try Data("[1, 2]".utf8).write(to: URL(fileURLWithPath: data + "/b.json"))
        try Data("PAR1xxxx".utf8).write(to: URL(fileURLWithPath: data + "/c.parquet"))
        try FileManager.default.createSymbolicLink(atPath: data + "/d.jsonl", withDestinationPath: "gone")
        let r = try CLI.run(["encode", data, "-o", dir.path + "/x"])
        #expect(r.status == 0, "\(r.stderr)")
        for s in ["skipped \(data)/b.json: not a .jsonl name", "skipped \(data)/c.parquet: parquet",
                  "skipped \(data)/d.jsonl: broken symbolic link", "skipped \(data)/sub/: subdirectory",
                  "not read  4 inputs skipped", "encoded 1 of 1 records"] {
            #expect(r.stderr.contains(s), "\(s): \(r.stderr)")
        }
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/x.meta.json"))) as! [String: Any]
        #expect((meta["skipped_inputs"] as? [[String: String]])?.count == 4)
    }
}
