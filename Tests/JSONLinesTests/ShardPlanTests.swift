import Foundation
import TestSupport
import Testing
@testable import JSONLines

/// Records of the given pieces, as the pipeline reads them for one shard.
func readPieces(_ inputs: [InputFile], _ pieces: [InputPiece]) throws -> Flat {
    let reader = LineReader(inputs: inputs, pieces: pieces, batchBytes: 64, batchRecords: 3, readSize: 16)
    var flat = Flat()
    while let batch = try reader.nextBatch() {
        flat.blank += batch.blankLines
        batch.forEachRecord { r, b in flat.records.append(.init(input: r.input, line: r.line, offset: r.byteOffset, kind: r.kind, bytes: Array(b))) }
    }
    return flat
}

@Suite struct ShardPlanTests {
    /// Plain files of varied lines (blank ones, one long one, no final newline at the end) and
    /// an empty file: for every N, the shards' records laid end to end are the whole input's,
    /// with the same line numbers and offsets.
    @Test func shardsPartitionTheLinesExactly() throws {
        let dir = try TempDir()
        var rng = SplitMix64(seed: 7)
        func lines(_ n: Int) -> [UInt8] {
            (0 ..< n).flatMap { _ -> [UInt8] in
                let len = Int.random(in: 0 ... 40, using: &rng)
                return (0 ..< len).map { _ in UInt8.random(in: 0x20 ... 0x7A, using: &rng) } + [0x0A]
            }
        }
        let paths = [
            try dir.write("a.jsonl", lines(5)),
            try dir.write("empty.jsonl", []),
            try dir.write("big.jsonl", lines(200) + Array(repeating: 0x41, count: 3000) + [0x0A] + lines(20) + Array("tail".utf8)),
            try dir.write("b.jsonl", lines(1)),
            try dir.write("nl.jsonl", [0x0A]),
        ]
        let inputs = try InputFile.expand(paths)
        let whole = try readPieces(inputs, inputs.indices.map { InputPiece(input: $0) })
        for n in [1, 2, 3, 7, 16, 64, 500, 20_000] {
            var joined = Flat()
            for i in 0 ..< n {
                let part = try readPieces(inputs, try ShardPlan.pieces(inputs, shardCount: n, shardIndex: i))
                joined.records += part.records
                joined.blank += part.blank
            }
            #expect(joined == whole, "\(n) shards")
        }
    }

    /// A zstd file goes wholly to the shard its first byte falls in, even when it spans several.
    @Test func compressedFilesAreNeverCut() throws {
        let dir = try TempDir()
        let zst = try dir.write("x.jsonl.zst", [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: 0, count: 996))
        let plain = try dir.write("y.jsonl", Array(repeating: Array("{}\n".utf8), count: 100).flatMap { $0 })
        let inputs = try InputFile.expand([plain, zst])
        // Total 1300 bytes in 4 shards of 325: the zstd file starts at 300, in shard 0.
        let plans = try (0 ..< 4).map { try ShardPlan.pieces(inputs, shardCount: 4, shardIndex: $0) }
        #expect(plans[0] == [InputPiece(input: 0), InputPiece(input: 1)])
        #expect(plans[1].isEmpty && plans[2].isEmpty && plans[3].isEmpty)
        let reversed = try InputFile.expand([zst, plain])
        let r = try (0 ..< 4).map { try ShardPlan.pieces(reversed, shardCount: 4, shardIndex: $0) }
        // Plain bytes 1000..<1300: shard 3 owns 975..<1300, so the whole plain file.
        #expect(r[0] == [InputPiece(input: 0)] && r[1].isEmpty && r[2].isEmpty && r[3] == [InputPiece(input: 1)])
    }

    @Test func standardInputCannotBeSharded() {
        #expect(throws: ShardPlanError.self) { try ShardPlan.pieces([InputFile(path: "-", size: nil)], shardCount: 2, shardIndex: 0) }
    }
}
