import Foundation
import TestSupport
import Testing

/// A scratch directory removed afterwards.
final class Scratch {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// Reads a `_document` pair with nothing but the README's layout (an oracle independent of
/// PackedFormat): sizes at offset 34 of the .idx, int32 tokens back to back in the .bin.
func readDataset(_ prefixAndName: String) throws -> [[Int32]] {
    let idx = try Reference.bytes(URL(fileURLWithPath: prefixAndName + "_document.idx"))
    let bin = try Reference.bytes(URL(fileURLWithPath: prefixAndName + "_document.bin"))
    #expect(Array(idx[0 ..< 9]) == Array("MMIDIDX\0\0".utf8))
    func u64(_ o: Int) -> Int { (0 ..< 8).reduce(0) { $0 | Int(idx[o + $1]) << (8 * $1) } }
    func i32(_ b: [UInt8], _ o: Int) -> Int32 { Int32(bitPattern: (0 ..< 4).reduce(UInt32(0)) { $0 | UInt32(b[o + $1]) << (8 * UInt32($1)) }) }
    let count = u64(18)
    var out: [[Int32]] = []
    var offset = 0
    for k in 0 ..< count {
        let n = Int(i32(idx, 34 + 4 * k))
        out.append((0 ..< n).map { i32(bin, offset + 4 * $0) })
        offset += 4 * n
    }
    #expect(offset == bin.count)
    return out
}

@Suite struct EncodeCommandTests {
    @Test func helpShowsTheWorkedExample() throws {
        let r = try CLI.run(["encode", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("tokenpack encode samples/chat.jsonl.zst -o out/sample"))
        for flag in ["--output-prefix", "--format", "--text-key", "--append-eod", "--no-special-tokens", "--mode",
                     "--max-input-length", "--max-output-length", "--no-truncate", "--tokenizer", "--workers", "--on-error", "--quiet"] {
            #expect(r.stdout.contains(flag), "\(flag)")
        }
    }

    @Test func zstdOnStdinReproducesTheReference() throws {
        let dir = try Scratch()
        let zst = try Reference.bytes(Reference.data("dev.jsonl.zst"))
        let r = try CLI.run(["encode", "-", "-o", dir.path + "/dev", "--workers", "2"], stdin: Data(zst))
        #expect(r.status == 0, "\(r.stderr)")
        let want = try Reference.rows("dev_ref.jsonl")
        let ids = try readDataset(dir.path + "/dev_input_ids")
        let labels = try readDataset(dir.path + "/dev_labels")
        #expect(ids == want.map(\.inputIDs))
        #expect(labels == want.map { $0.labels! })
        #expect(r.stderr.contains("496"))
        #expect(try dir.files() == ["dev.meta.json", "dev.rejects.jsonl", "dev_input_ids_document.bin", "dev_input_ids_document.idx",
                                    "dev_labels_document.bin", "dev_labels_document.idx"])
    }

    @Test func failModeStopsAtLine24AndWritesNothing() throws {
        let dir = try Scratch()
        let edge = Reference.data("dev_edge.jsonl").path
        let r = try CLI.run(["encode", edge, "-o", dir.path + "/edge", "--on-error", "fail", "--quiet"])
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix(edge + ":24: "), "\(r.stderr)")
        #expect(try dir.files().isEmpty)
    }

    @Test func textWithAppendEODEndsEachDocument() throws {
        let dir = try Scratch()
        let r = try CLI.run(["encode", Reference.data("text_multiline.jsonl").path, "-o", dir.path + "/t", "--format", "text", "--append-eod", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let ids = try readDataset(dir.path + "/t_input_ids")
        #expect(ids.map { Array($0.dropLast()) } == (try Reference.rows("text_multiline_ref.jsonl")).map(\.inputIDs))
        #expect(ids.allSatisfy { $0.last == 151_329 })
        #expect(!(try dir.files()).contains { $0.contains("labels") })
    }

    @Test func badArgumentsFailFastNamingThePath() throws {
        let dir = try Scratch()
        let missing = dir.path + "/missing.jsonl"
        let r = try CLI.run(["encode", missing, "-o", dir.path + "/x"])
        #expect(r.status != 0)
        #expect(r.stderr.contains(missing))
        let chatWithTextFlag = try CLI.run(["encode", missing, "-o", dir.path + "/x", "--append-eod"])
        #expect(chatWithTextFlag.status != 0)
        #expect(try dir.files().isEmpty)
    }
}

@Suite struct InterruptTests {
    /// SIGINT while records are being encoded: exit 130, and neither final nor temporary files.
    @Test func sigintLeavesNoFiles() throws {
        let dir = try Scratch()
        let dev = try Reference.bytes(Reference.data("dev.jsonl"))
        let input = dir.path + "/in/big.jsonl"
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        try Data(Array([[UInt8]](repeating: dev, count: 20).joined())).write(to: URL(fileURLWithPath: input))
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["encode", input, "-o", dir.path + "/out/x", "--workers", "1", "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Temporary files appear once the job runs (after the tokenizer has loaded).
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
        #expect(p.terminationStatus == 130)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) == [])
    }
}
