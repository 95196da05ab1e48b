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
