import Foundation
import TestSupport
import Testing
@testable import ZstdStream

/// Runs a system tool with `input` on stdin and returns its stdout (gzip and zstd's CLI as
/// oracles independent of the reader).
func filter(_ tool: String, _ args: [String], _ input: [UInt8]) throws -> [UInt8] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    let i = Pipe(), o = Pipe()
    p.standardInput = i
    p.standardOutput = o
    p.standardError = FileHandle.nullDevice
    try p.run()
    let writer = Thread { i.fileHandleForWriting.write(Data(input)); try? i.fileHandleForWriting.close() }
    writer.start()
    let out = o.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    precondition(p.terminationStatus == 0, "\(tool) failed")
    return Array(out)
}

@Suite struct GzipAndLongWindowTests {
    @Test(arguments: [1, 7, 4096, 1 << 20])
    func gzipIsDetectedByItsMagicAndDecoded(chunk: Int) throws {
        let plain = try Reference.bytes(Reference.data("dev.jsonl"))
        let dir = try TempDir()
        // No .gz in the name: the content decides.
        let p = try dir.write("dev.jsonl", try filter("gzip", ["-c"], plain))
        let source = try ByteSource(path: p, inputCapacity: chunk < 64 ? 64 : 4096)
        #expect(source.isCompressed)
        #expect(try drain(source, chunk: chunk) == plain)
        #expect(source.rawBytesRead == (try Reference.bytes(URL(fileURLWithPath: p))).count)
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        let a = Array("{\"text\": \"a\"}\n".utf8), b = Array("{\"text\": \"b\"}\n".utf8)
        let dir = try TempDir()
        let p = try dir.write("ab.jsonl.gz", try filter("gzip", ["-c"], a) + filter("gzip", ["-c"], b))
        #expect(try drain(ByteSource(path: p), chunk: 3) == a + b)
    }

    @Test func truncatedAndTrailingGarbageGzipAreErrors() throws {
        let gz = try filter("gzip", ["-c"], Array(repeating: UInt8(ascii: "x"), count: 100_000))
        let dir = try TempDir()
        let cut = try dir.write("cut.jsonl.gz", Array(gz[0 ..< gz.count / 2]))
        #expect(throws: ZstdStreamError.truncatedGzip(path: cut, offset: gz.count / 2)) { try drain(ByteSource(path: cut)) }
        let junk = try dir.write("junk.jsonl.gz", gz + [0x41, 0x42])
        do {
            _ = try drain(ByteSource(path: junk))
            Issue.record("trailing garbage accepted")
        } catch let e as ZstdStreamError {
            guard case .corruptGzip(_, let offset, let reason) = e else { Issue.record("\(e)"); return }
            #expect(offset == gz.count)
            #expect(reason.contains("not gzip"))
            #expect(e.description.hasPrefix(junk + ": corrupt gzip data"))
        }
    }

    /// `zstd --long=31` writes a 2 GiB window into the frame header when it streams; libzstd
    /// refuses windows above 128 MiB unless told otherwise.
    @Test func longWindowZstdFramesDecode() throws {
        let plain = Array(try Reference.bytes(Reference.data("dev.jsonl")).prefix(200_000))
        let dir = try TempDir()
        let p = try dir.write("long.jsonl.zst", try filter("zstd", ["--long=31", "-c"], plain))
        #expect(try drain(ByteSource(path: p)) == plain)
    }
}
