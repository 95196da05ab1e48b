import Foundation
import TestSupport
import Testing
@testable import Tokenizer

/// `readWholeFile` returns exactly the file's bytes, for regular files of any size and for a
/// pipe (read until end of file, growing), and says why when it cannot.
@Suite struct ReadWholeFileTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-read-\(getpid())-\(name)").path
    }

    @Test func regularFilesRoundTrip() throws {
        var rng = SplitMix64(seed: 3)
        for size in [0, 1, 4095, 4096, 3_000_001] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let path = temporaryPath("file\(size)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try readWholeFile(path) == bytes, "size \(size)")
        }
    }

    @Test func aPipeIsReadToItsEnd() throws {
        let path = temporaryPath("fifo")
        defer { unlink(path) }
        #expect(mkfifo(path, 0o600) == 0)
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            bytes.withUnsafeBytes { b in
                var at = 0
                while at < b.count {
                    let n = write(fd, b.baseAddress! + at, min(4096, b.count - at))
                    if n <= 0 { break }
                    at += n
                }
            }
            close(fd)
        }
        writer.start()
        #expect(try readWholeFile(path) == bytes)
    }

    @Test func failuresSayWhy() {
        #expect(throws: FileReadFailure.self) { try readWholeFile(temporaryPath("missing")) }
        do {
            _ = try readWholeFile(temporaryPath("missing"))
        } catch {
            #expect(error.reason == "no such file")
        }
        do {
            _ = try readWholeFile(FileManager.default.temporaryDirectory.path)
            Issue.record("a directory was read")
        } catch {
            #expect(error.reason == "cannot be read")
        }
    }
}
