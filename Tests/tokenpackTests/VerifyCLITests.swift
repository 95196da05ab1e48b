import Foundation
import PackedFormat
import TestSupport
import Testing

/// `tokenpack verify` on real `encode` output of the bundled sample, then on one corruption each.
@Suite(.serialized) struct VerifyCLITests {
    /// Encodes `samples/chat.jsonl.zst` into a fresh directory; returns (dir, prefix).
    func encodedSample() throws -> (URL, String) {
        let (dir, prefix) = temporaryPrefix("s")
        let sample = Reference.packageRoot.appendingPathComponent("samples/chat.jsonl.zst").path
        let r = try CLI.run(["encode", sample, "-o", prefix, "--quiet"])
        try #require(r.status == 0, "\(r.stderr)")
        return (dir, prefix)
    }

    func edit(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&b)
        try Data(b).write(to: URL(fileURLWithPath: path))
    }

    func verify(_ prefix: String) throws -> CLI.Result { try CLI.run(["verify", prefix]) }

    @Test func goodOutputPasses() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try verify(prefix)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(prefix): ok, 496 sequences"))
        #expect(r.stdout.split(separator: "\n").count == 1)
    }

    /// Regression (found by `randomByteFlipsNeverCrash`'s accepted-means-same check): a document
    /// index that is valid for Megatron (0, 0, 2, …) but not one document per sequence passed.
    @Test func documentIndexOtherThanOnePerSequence() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["input_ids", "labels"] {
            try edit(PackedPaths.idx(prefix: prefix, name: name)) { b in
                let entry1 = 34 + 12 * 496 + 8
                for k in 0..<8 { b[entry1 + k] = 0 }
            }
        }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("document index entry 1 is 0; Tokenpack writes one document per sequence"), "\(r.stderr)")
    }

    @Test func binCutShort() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = PackedPaths.bin(prefix: prefix, name: "input_ids")
        try edit(bin) { $0.removeLast(8) }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bin): byte offset"))
        #expect(r.stderr.contains("the index describes"))
    }

    @Test func flippedMagicByte() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idx = PackedPaths.idx(prefix: prefix, name: "labels")
        try edit(idx) { $0[0] ^= 0x01 }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(idx): byte offset 0: bad magic"))
    }

    @Test func offsetOutOfOrder() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idx = PackedPaths.idx(prefix: prefix, name: "input_ids")
        // 496 sequences: offsets start at 34 + 4·496; swap the offsets of sequences 10 and 11.
        let at = 34 + 4 * 496 + 8 * 10
        try edit(idx) { b in
            let a = Array(b[at..<at + 8]), c = Array(b[at + 8..<at + 16])
            b.replaceSubrange(at..<at + 8, with: c)
            b.replaceSubrange(at + 8..<at + 16, with: a)
        }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(idx): sequence 10: byte offset \(at): offset entry is"), "\(r.stderr)")
        #expect(r.stderr.contains("but the previous sequence ends at"))
        // One byte offset per message.
        #expect(r.stderr.components(separatedBy: "byte offset").count == 2, "\(r.stderr)")
    }

    @Test func labelNeitherIgnoreNorItsID() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labels = try PackedReader(prefix: prefix, name: "labels")
        // The first target of sequence 3 gets a different (valid) id.
        let k = try #require(labels[3].firstIndex { $0 != -100 })
        let at = labels.byteOffset(3) + 4 * k
        let bin = PackedPaths.bin(prefix: prefix, name: "labels")
        try edit(bin) { b in b[at] = b[at] == 7 ? 8 : 7; b[at + 1] = 0; b[at + 2] = 0; b[at + 3] = 0 }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bin): sequence 3: byte offset \(at): label"))
        #expect(r.stderr.contains("is neither -100 nor its id"))
    }

    @Test func mismatchedLabelsIndex() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Move one token from sequence 0 to sequence 1 in the labels index only: still a valid
        // index for its .bin, but no longer the ids' index.
        let idx = PackedPaths.idx(prefix: prefix, name: "labels")
        try edit(idx) { b in
            b[34] &-= 1            // length of sequence 0 (low byte; sample lengths are > 1)
            b[38] &+= 1            // length of sequence 1
            let at = 34 + 4 * 496 + 8  // offset of sequence 1
            b[at] &-= 4
        }
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(idx): sequence 0: byte offset 34: labels index differs"))
    }

    @Test func countsDisagreeWithMeta() throws {
        let (dir, prefix) = try encodedSample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = PackedPaths.meta(prefix: prefix)
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        try text.replacingOccurrences(of: "\"encoded\" : 496", with: "\"encoded\" : 495")
            .replacingOccurrences(of: "\"encoded\":496", with: "\"encoded\":495")
            .write(toFile: meta, atomically: true, encoding: .utf8)
        let r = try verify(prefix)
        #expect(r.status == 1)
        #expect(r.stderr.contains("counts.encoded is 495 but the files hold 496"))
    }
}
