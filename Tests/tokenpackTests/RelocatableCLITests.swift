import Foundation
import TestSupport
import Testing

/// Runs `command` with /bin/sh (for redirections such as `2>&-` the Process API cannot make);
/// `$0` in it is the built tokenpack.
func shell(_ command: String, binary: String = CLI.binary.path) throws -> CLI.Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command, binary]
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// The sample corpus shipped in the repository.
let sampleCorpus = Reference.packageRoot.appendingPathComponent("samples/chat.jsonl.zst").path

@Suite struct RelocatableCLITests {
    /// The vocabulary is linked into the executable: a copy in a directory of its own (no
    /// resource bundle beside it, a different working directory) encodes the sample.
    @Test func aCopiedBinaryEncodesTheSample() throws {
        let dir = try Scratch()
        let copy = dir.path + "/bin/tokenpack"
        try FileManager.default.createDirectory(atPath: dir.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.binary.path, toPath: copy)
        let r = try shell("cd '\(dir.path)' && \"$0\" encode '\(sampleCorpus)' -o out/sample && \"$0\" verify out/sample", binary: copy)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("encoded 496 of 496 records"), "\(r.stderr)")
        #expect(r.stdout.contains("ok, 496 sequences"), "\(r.stdout)")
    }
}
