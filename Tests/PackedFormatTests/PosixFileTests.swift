import Foundation
import Testing
@testable import PackedFormat

/// The writer's buffering, its direct writes and its early writeback requests (every 8 MiB)
/// must leave exactly the bytes written, in order.
@Suite struct PosixFileTests {
    @Test func bytesSurviveBufferingDirectWritesAndWriteback() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.bin").path
        let file = try PosixFile(creating: path)
        // 4 MiB of random bytes; each write takes a slice of it from a moving start.
        var pool = [UInt8](repeating: 0, count: 4 << 20)
        pool.withUnsafeMutableBytes { raw in
            for i in 0 ..< raw.count / 8 { raw.storeBytes(of: UInt64.random(in: 0 ... .max), toByteOffset: 8 * i, as: UInt64.self) }
        }
        var expected: [UInt8] = []
        // Small writes (buffered), writes just under and over the direct-write limit, and a few
        // megabyte-sized ones, to about 26 MiB: three writeback requests and a tail.
        var size = 1, start = 0
        while expected.count < 26 << 20 {
            let chunk = pool[start ..< min(start + size, pool.count)]
            try chunk.withUnsafeBytes { try file.write($0) }
            expected += chunk
            start = (start + 4099) % (1 << 20)
            size = size < (3 << 20) ? size * 3 + 1 : 1
        }
        try file.closeAfterSync()
        let got = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(got.count == expected.count)
        #expect(got == expected)
    }
}
