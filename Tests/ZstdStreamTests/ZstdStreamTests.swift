import CZstd
import Foundation
import TestSupport
import Testing
@testable import ZstdStream

/// Reads a whole source with the given output buffer size.
func drain(_ source: ByteSource, chunk: Int = 1 << 16) throws -> [UInt8] {
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try source.read(into: buffer)
        if n == 0 { return out }
        out += buffer[0..<n]
    }
}

/// Compresses with libzstd's one-shot API: an oracle independent of the streaming reader.
func zstdCompress(_ bytes: [UInt8], level: Int32 = 3) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
    let n = out.withUnsafeMutableBytes { o in
        bytes.withUnsafeBytes { i in ZSTD_compress(o.baseAddress, o.count, i.baseAddress, i.count, level) }
    }
    precondition(ZSTD_isError(n) == 0)
    return Array(out[0..<n])
}

final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("zstdstream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let p = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }
}

@Suite struct ZstdStreamTests {
    @Test(arguments: [1, 7, 4096, 1 << 20])
    func referenceZstdMatchesPlain(chunk: Int) throws {
        let plain = try Reference.bytes(Reference.data("dev.jsonl"))
        let source = try ByteSource(path: Reference.data("dev.jsonl.zst").path, inputCapacity: chunk < 64 ? 64 : 4096)
        #expect(source.isCompressed)
        #expect(try drain(source, chunk: chunk) == plain)
        #expect(source.rawBytesRead == (try Reference.bytes(Reference.data("dev.jsonl.zst"))).count)
        #expect(source.bytesProduced == plain.count)
        #expect(source.rawBytesConsumed == source.rawBytesRead)
    }

    @Test(arguments: [3, 1 << 16])
    func plainFileIsReadAsIs(chunk: Int) throws {
        let url = Reference.data("dev_edge.jsonl")
        let source = try ByteSource(path: url.path, inputCapacity: 16)
        #expect(!source.isCompressed)
        #expect(try drain(source, chunk: chunk) == (try Reference.bytes(url)))
    }

    @Test func concatenatedFramesAreOneStream() throws {
        let tmp = try TempDir()
        let a = Array("first frame\n".utf8), b = Array("second\nframe\n".utf8)
        // A skippable frame between the two (magic 0x184D2A50, 4-byte length, payload).
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
        let p = try tmp.write("multi.jsonl.zst", zstdCompress(a) + skippable + zstdCompress(b, level: 19))
        #expect(try drain(ByteSource(path: p, inputCapacity: 8), chunk: 5) == a + b)
    }

    @Test func zstdIsDetectedWithoutTheExtension() throws {
        let tmp = try TempDir()
        let text = Array(String(repeating: "{\"a\":1}\n", count: 1000).utf8)
        let p = try tmp.write("named-plain.jsonl", zstdCompress(text))
        let s = try ByteSource(path: p)
        #expect(s.isCompressed)
        #expect(try drain(s) == text)
    }

    @Test func truncatedFrameIsAnError() throws {
        let tmp = try TempDir()
        let z = try Reference.bytes(Reference.data("dev.jsonl.zst"))
        let p = try tmp.write("cut.jsonl.zst", Array(z[0..<(z.count / 2)]))
        #expect(throws: ZstdStreamError.self) { try drain(ByteSource(path: p)) }
        do { _ = try drain(ByteSource(path: p)) } catch {
            guard case .truncated(let path, _) = error as? ZstdStreamError else { Issue.record("\(error)"); return }
            #expect(path == p)
        }
    }

    @Test func corruptFrameIsAnErrorNamingThePath() throws {
        let tmp = try TempDir()
        var z = try Reference.bytes(Reference.data("dev.jsonl.zst"))
        for i in stride(from: 100, to: z.count - 100, by: 997) { z[i] ^= 0x5A }
        let p = try tmp.write("bad.jsonl.zst", z)
        do {
            _ = try drain(ByteSource(path: p))
            Issue.record("corrupt data decoded without error")
        } catch let e as ZstdStreamError {
            guard case .corrupt = e else { Issue.record("expected .corrupt, got \(e)"); return }
            #expect(e.path == p)
            #expect(e.description.hasPrefix(p + ":"))
        }
    }

    @Test func garbageAfterTheLastFrameIsAnError() throws {
        let tmp = try TempDir()
        let p = try tmp.write("tail.zst", zstdCompress(Array("x\n".utf8)) + Array("not zstd".utf8))
        #expect(throws: ZstdStreamError.self) { try drain(ByteSource(path: p)) }
    }

    @Test func zstNameWithoutMagicIsCorrupt() throws {
        let tmp = try TempDir()
        let p = try tmp.write("plain.jsonl.zst", Array("{\"a\":1}\n".utf8))
        #expect(throws: ZstdStreamError.corrupt(path: p, offset: 0, reason: "not a zstd stream (no frame magic 28 B5 2F FD)")) {
            try ByteSource(path: p)
        }
    }

    @Test func emptyFilesGiveNoBytes() throws {
        let tmp = try TempDir()
        for name in ["empty.jsonl", "empty.jsonl.zst"] {
            let p = try tmp.write(name, [])
            #expect(try drain(ByteSource(path: p)).isEmpty)
        }
        // A zstd frame of zero bytes is also empty.
        let p = try tmp.write("zero.jsonl.zst", zstdCompress([]))
        #expect(try drain(ByteSource(path: p)).isEmpty)
    }

    @Test func missingFileAndDirectoryNameThePath() throws {
        let tmp = try TempDir()
        let missing = tmp.url.appendingPathComponent("nope.jsonl").path
        #expect(throws: ZstdStreamError.cannotOpen(path: missing, reason: "No such file or directory")) {
            try ByteSource(path: missing)
        }
        #expect(throws: ZstdStreamError.readFailed(path: tmp.url.path, reason: "is a directory")) {
            try ByteSource(path: tmp.url.path)
        }
    }
}
