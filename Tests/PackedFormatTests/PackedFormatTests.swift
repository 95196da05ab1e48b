import Foundation
import TestSupport
import Testing
@testable import PackedFormat

/// A fresh directory under the system temp dir, removed by the caller.
func scratchDirectory() -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("tokenpack-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}


func writeDataset(_ seqs: [[Int32]], prefix: String, name: String = "input_ids") throws {
    let w = try PackedWriter(prefix: prefix, name: name)
    for s in seqs { try w.append(s) }
    try w.finish()
    try w.commit()
}

/// Reads little-endian integers from raw bytes: an oracle written from the spec, not from our reader.
struct LEBytes {
    let d: [UInt8]
    func u64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(d[o + $1]) << (8 * UInt64($1)) } }
    func i64(_ o: Int) -> Int64 { Int64(bitPattern: u64(o)) }
    func i32(_ o: Int) -> Int32 { Int32(bitPattern: (0..<4).reduce(0) { $0 | UInt32(d[o + $1]) << (8 * UInt32($1)) }) }
}

@Suite struct PackedFormatTests {
    @Test func indexMatchesMegatronLayoutByteForByte() throws {
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("ds").path
        let seqs: [[Int32]] = [[1, 2, 3], [], [-100, 151336], [7]]
        try writeDataset(seqs, prefix: prefix)
        let idx = LEBytes(d: [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + "_input_ids_document.idx"))))
        #expect(Array(idx.d[0..<9]) == [0x4D, 0x4D, 0x49, 0x44, 0x49, 0x44, 0x58, 0, 0])  // "MMIDIDX\0\0"
        #expect(idx.u64(9) == 1)
        #expect(idx.d[17] == 4)
        #expect(idx.u64(18) == 4)
        #expect(idx.u64(26) == 5)
        #expect((0..<4).map { idx.i32(34 + 4 * $0) } == [3, 0, 2, 1])
        #expect((0..<4).map { idx.i64(50 + 8 * $0) } == [0, 12, 12, 20])
        #expect((0..<5).map { idx.i64(82 + 8 * $0) } == [0, 1, 2, 3, 4])
        #expect(idx.d.count == 82 + 40)
        let bin = LEBytes(d: [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + "_input_ids_document.bin"))))
        #expect(bin.d.count == 24)
        #expect((0..<6).map { bin.i32(4 * $0) } == [1, 2, 3, -100, 151336, 7])
    }

    @Test func largeIndexIsStreamedCorrectly() throws {
        // 30,000 sequences: the .idx (≈600 KB) spans many of the writer's 64 KiB chunks.
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("big").path
        let seqs: [[Int32]] = (0..<30_000).map { i in Array(repeating: Int32(i), count: i % 5) }
        try writeDataset(seqs, prefix: prefix)
        let idx = LEBytes(d: [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + "_input_ids_document.idx"))))
        let s = 30_000
        #expect(idx.d.count == 34 + 12 * s + 8 * (s + 1))
        var offset: Int64 = 0
        for i in 0..<s {
            #expect(idx.i32(34 + 4 * i) == Int32(i % 5))
            #expect(idx.i64(34 + 4 * s + 8 * i) == offset)
            offset += Int64(4 * (i % 5))
        }
        #expect(idx.i64(34 + 12 * s + 8 * s) == Int64(s))
    }

    @Test func randomRoundTrip() throws {
        var rng = SplitMix64(seed: 42)
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("rt").path
        // Enough tokens to cross the writer's 1 MiB buffer several times.
        let seqs: [[Int32]] = (0..<600).map { _ in
            (0..<Int.random(in: 0..<3000, using: &rng)).map { _ in Int32.random(in: -100..<151343, using: &rng) }
        }
        try writeDataset(seqs, prefix: prefix)
        let r = try PackedReader(prefix: prefix, name: "input_ids")
        #expect(r.count == seqs.count)
        #expect(r.tokenCount == seqs.reduce(0) { $0 + $1.count })
        for i in seqs.indices { #expect(r[i] == seqs[i]) }
        #expect(r.documentIndex == (0...seqs.count).map(Int64.init))
    }

    /// Batches of sequences appended at once (`append(_:lengths:)`), of every size around the
    /// writer's 1 MiB buffer, give the same files as appending each sequence.
    @Test func batchAppendsEqualSequenceAppends() throws {
        var rng = SplitMix64(seed: 43)
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let seqs: [[Int32]] = (0..<900).map { _ in
            (0..<Int.random(in: 0..<2000, using: &rng)).map { _ in Int32.random(in: 0..<151343, using: &rng) }
        }
        try writeDataset(seqs, prefix: dir.appendingPathComponent("one").path)
        let w = try PackedWriter(prefix: dir.appendingPathComponent("batch").path, name: "input_ids")
        var k = 0
        while k < seqs.count {
            let batch = Array(seqs[k ..< min(seqs.count, k + Int.random(in: 1...300, using: &rng))])
            let flat = batch.flatMap { $0 }
            try flat.withUnsafeBufferPointer { try w.append($0, lengths: batch.map(\.count)) }
            k += batch.count
        }
        try w.finish()
        try w.commit()
        for ext in ["bin", "idx"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: PackedPaths.dataset(prefix: dir.appendingPathComponent("one").path, name: "input_ids") + "." + ext))
            let b = try Data(contentsOf: URL(fileURLWithPath: PackedPaths.dataset(prefix: dir.appendingPathComponent("batch").path, name: "input_ids") + "." + ext))
            #expect(a == b, "\(ext)")
        }
    }

    @Test func emptyDatasetIsValid() throws {
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("empty").path
        try writeDataset([], prefix: prefix)
        let r = try PackedReader(prefix: prefix, name: "input_ids")
        #expect(r.count == 0)
        #expect(r.tokenCount == 0)
    }

    @Test func nothingUnderFinalNamesUntilCommit() throws {
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("atomic").path
        let fm = FileManager.default
        do {
            let w = try PackedWriter(prefix: prefix, name: "labels")
            try w.append([1, 2])
            try w.finish()
            #expect(!fm.fileExists(atPath: w.binPath))
            #expect(!fm.fileExists(atPath: w.idxPath))
            w.discard()
        }
        #expect(try fm.contentsOfDirectory(atPath: dir.path).isEmpty)
        do {
            // A writer dropped without commit (a failed run) leaves nothing behind either.
            let w = try PackedWriter(prefix: prefix, name: "labels")
            try w.append([1, 2])
        }
        #expect(try fm.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func unwritableOutputNamesThePath() throws {
        #expect(throws: PackedFormatError.self) { try PackedWriter(prefix: "/nonexistent-dir/x", name: "input_ids") }
        do {
            _ = try PackedWriter(prefix: "/nonexistent-dir/x", name: "input_ids")
        } catch {
            #expect(error.description.contains("/nonexistent-dir/x_input_ids_document.bin"))
        }
    }
}

/// Each corruption is detected at open, with the file, and where it applies the sequence and byte offset.
@Suite struct PackedCorruptionTests {
    func corrupted(_ edit: (inout [UInt8], inout [UInt8]) -> Void, opened: (PackedReader) -> Void = { _ in }) throws -> PackedFormatError? {
        let dir = scratchDirectory(); defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("c").path
        try writeDataset([[1, 2, 3], [4, 5], [6]], prefix: prefix)
        let binURL = URL(fileURLWithPath: prefix + "_input_ids_document.bin")
        let idxURL = URL(fileURLWithPath: prefix + "_input_ids_document.idx")
        var bin = [UInt8](try Data(contentsOf: binURL)), idx = [UInt8](try Data(contentsOf: idxURL))
        edit(&bin, &idx)
        try Data(bin).write(to: binURL)
        try Data(idx).write(to: idxURL)
        do {
            opened(try PackedReader(prefix: prefix, name: "input_ids"))
            return nil
        } catch {
            return error
        }
    }

    @Test func binCutShort() throws {
        let e = try #require(try corrupted { bin, _ in bin.removeLast(4) })
        #expect(e.path.hasSuffix(".bin"))
        #expect(e.message.contains("data is 20 bytes; the index describes 24"))
    }

    @Test func flippedMagicByte() throws {
        let e = try #require(try corrupted { _, idx in idx[3] ^= 0x20 })
        #expect(e.path.hasSuffix(".idx"))
        #expect(e.byteOffset == 3)
        #expect(e.message.contains("magic"))
    }

    @Test func offsetOutOfOrder() throws {
        // Offsets start at 34 + 4·3 = 46; make sequence 2's offset point back to 0.
        let e = try #require(try corrupted { _, idx in for k in 0..<8 { idx[46 + 16 + k] = 0 } })
        #expect(e.sequence == 2)
        #expect(e.byteOffset == 62)
        #expect(e.message.contains("but the previous sequence ends at"))
        #expect(e.description.components(separatedBy: "byte offset").count == 2)
    }

    @Test func wrongDtype() throws {
        let e = try #require(try corrupted { _, idx in idx[17] = 8 })
        #expect(e.byteOffset == 17)
    }

    @Test func truncatedIndex() throws {
        let e = try #require(try corrupted { _, idx in idx.removeLast(1) })
        #expect(e.message.contains("need"))
    }

    @Test func randomByteFlipsNeverCrash() throws {
        // Fuzz: flipping any index byte either still describes the same data or is reported.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let pos = Int.random(in: 0..<(34 + 12 * 3 + 8 * 4), using: &rng)
            let bit = UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            // Accepted means it still describes exactly the written sequences; the document
            // index may then be another valid Megatron one (0 first, non-decreasing, S last:
            // documents of several sequences), which Tokenpack's `verify` rejects (DatasetCheck).
            var seen: (count: Int, sequences: [[Int32]], documents: [Int64])?
            let error = try corrupted({ _, idx in idx[pos] ^= bit }, opened: { r in seen = (r.count, (0..<r.count).map { r[$0] }, r.documentIndex) })
            if error == nil {
                let s = try #require(seen, "index byte \(pos) ^ \(bit): neither opened nor reported")
                let validDocuments = s.documents.first == 0 && s.documents.last == 3 && zip(s.documents, s.documents.dropFirst()).allSatisfy { $0 <= $1 }
                #expect(s.count == 3 && s.sequences == [[1, 2, 3], [4, 5], [6]] && validDocuments,
                        "index byte \(pos) ^ \(bit) accepted but describes other data: \(s)")
            }
        }
    }
}

@Suite struct DatasetVerifierTests {
    func make(ids: [[Int32]], labels: [[Int32]]?) throws -> (URL, String) {
        let dir = scratchDirectory()
        let prefix = dir.appendingPathComponent("v").path
        try writeDataset(ids, prefix: prefix, name: "input_ids")
        if let labels { try writeDataset(labels, prefix: prefix, name: "labels") }
        return (dir, prefix)
    }

    @Test func goodDatasetPassesAndCountsTargets() throws {
        let (dir, prefix) = try make(ids: [[151331, 151333, 151336, 198], [5, 6]], labels: [[-100, -100, -100, 198], [5, -100]])
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try DatasetVerifier.verify(prefix: prefix, vocabularySize: 151343)
        #expect(s == .init(sequences: 2, tokens: 6, targets: 2, hasLabels: true))
    }

    @Test func labelNeitherIgnoreNorItsID() throws {
        let (dir, prefix) = try make(ids: [[1, 2], [3, 4, 5]], labels: [[1, 2], [3, 9, 5]])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try DatasetVerifier.verify(prefix: prefix, vocabularySize: 100)
        } throws: { e in
            let e = e as! PackedFormatError
            return e.sequence == 1 && e.byteOffset == 8 + 4 && e.path.hasSuffix("_labels_document.bin") && e.message.contains("neither -100 nor its id 4")
        }
    }

    @Test func mismatchedLabelsIndex() throws {
        let (dir, prefix) = try make(ids: [[1, 2], [3, 4, 5]], labels: [[1, 2, 3], [4, 5]])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try DatasetVerifier.verify(prefix: prefix, vocabularySize: 100)
        } throws: { e in
            let e = e as! PackedFormatError
            return e.sequence == 0 && e.byteOffset == 34 && e.message.contains("labels index differs")
        }
    }

    @Test func idOutsideVocabulary() throws {
        let (dir, prefix) = try make(ids: [[1, 2], [3, 100]], labels: nil)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try DatasetVerifier.verify(prefix: prefix, vocabularySize: 100)
        } throws: { e in
            let e = e as! PackedFormatError
            return e.sequence == 1 && e.byteOffset == 12 && e.message.contains("outside the vocabulary")
        }
        let (dir2, prefix2) = try make(ids: [[1, 2], [3, 99]], labels: nil)
        defer { try? FileManager.default.removeItem(at: dir2) }
        #expect(try DatasetVerifier.verify(prefix: prefix2, vocabularySize: 100).hasLabels == false)
    }

    @Test func missingLabelsWhenRequired() throws {
        let (dir, prefix) = try make(ids: [[1]], labels: nil)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: PackedFormatError.self) { try DatasetVerifier.verify(prefix: prefix, vocabularySize: 100, requireLabels: true) }
    }
}
