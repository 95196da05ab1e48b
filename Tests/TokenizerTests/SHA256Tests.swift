import Foundation
import GLM4
import TestSupport
import Testing
@testable import Tokenizer


/// FIPS 180-4 / NIST CSHA example vectors, and the SHA-extension compression (CSHA256) against
/// the Swift one.
@Suite struct SHA256Tests {
    /// (message, digest): the NIST examples, including the million a's (15,625 blocks).
    static let vectors: [([UInt8], String)] = [
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8),
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ([UInt8](repeating: 0x61, count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test func knownVectors() {
        for (message, digest) in Self.vectors {
            #expect(SHA256.hex(message) == digest, "\(message.count) bytes")
            #expect(Tokenizer.sha256Hex(message) == digest, "\(message.count) bytes")
            #expect(message.withUnsafeBytes { Tokenizer.sha256Hex($0) } == digest, "\(message.count) bytes, raw buffer")
        }
    }

    @Test(arguments: [false, true]) func knownVectorsEachPath(accelerated: Bool) {
        for (message, digest) in Self.vectors {
            #expect(SHA256.hex(message, accelerated: accelerated) == digest, "\(message.count) bytes")
            var h = SHA256(accelerated: accelerated)
            message.withUnsafeBytes { h.update($0) }
            #expect(h.finalizeHex() == digest, "\(message.count) bytes, raw buffer")
        }
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for accelerated in [false, true] {
            for split in [0, 1, 55, 56, 63, 64, 65, 500, 999, 1000] {
                var h = SHA256(accelerated: accelerated)
                h.update(Array(data[..<split]))
                h.update(Array(data[split...]))
                #expect(h.finalizeHex() == SHA256.hex(data, accelerated: false), "split \(split), accelerated \(accelerated)")
            }
        }
    }

    /// Every length 0...300 (so every tail length and 0–4 whole blocks, plus the padding block
    /// or two) gives the same digest either way.
    @Test func acceleratedMatchesSwiftForEveryShortLength() {
        let seed: UInt64 = 0x5348_4132_3536  // fixed: the cases are the same every run
        var rng = SplitMix64(seed: seed)
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let swift = SHA256.hex(bytes, accelerated: false)
            #expect(SHA256.hex(bytes, accelerated: true) == swift, "length \(length), seed \(seed)")
            // Through the raw-buffer update, which hands the C code all whole blocks at once.
            var h = SHA256(accelerated: true)
            bytes.withUnsafeBytes { h.update($0) }
            #expect(h.finalizeHex() == swift, "length \(length), seed \(seed), raw buffer")
        }
    }

    /// Large random buffers, hashed whole and in random pieces (pieces leave partial blocks
    /// pending between updates), give the same digest either way.
    @Test func acceleratedMatchesSwiftForLargeBuffers() {
        let seed: UInt64 = 0x6c61_7267_65
        var rng = SplitMix64(seed: seed)
        for length in [4096, 65_537, 1 << 20, 1_000_003] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let swift = SHA256.hex(bytes, accelerated: false)
            #expect(SHA256.hex(bytes, accelerated: true) == swift, "length \(length), seed \(seed)")
            var h = SHA256(accelerated: true)
            var start = 0
            while start < length {
                let end = min(length, start + Int.random(in: 1...5000, using: &rng))
                if Bool.random(using: &rng) {
                    h.update(Array(bytes[start..<end]))
                } else {
                    bytes[start..<end].withUnsafeBytes { h.update($0) }
                }
                start = end
            }
            #expect(h.finalizeHex() == swift, "length \(length), seed \(seed), in pieces")
        }
    }

    @Test func bundledVocabularyEitherWay() {
        let bytes = GLM4.vocabularyBytes
        #expect(SHA256.hex(bytes, accelerated: false) == GLM4.vocabularySHA256)
        #expect(SHA256.hex(bytes, accelerated: true) == GLM4.vocabularySHA256)
    }

    /// The SHA extensions are used where the kernel reports them (so the tests above compare two
    /// different paths here), and never on other architectures.
    @Test func detectionAgreesWithTheKernel() throws {
        #if arch(x86_64) && os(Linux)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flagLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let flags = Set(flagLine.split(whereSeparator: { $0 == " " || $0 == "\t" }))
        let expected = flags.contains("sha_ni") && flags.contains("sse4_1") && flags.contains("ssse3")
        #expect(SHA256.hardwareAvailable == expected, "/proc/cpuinfo flags: sha_ni \(flags.contains("sha_ni"))")
        #elseif !arch(x86_64)
        #expect(!SHA256.hardwareAvailable)
        #endif
    }
}
