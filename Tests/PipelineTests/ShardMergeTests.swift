import CZstd
import Foundation
import JSONLines
import PackedFormat
import TestSupport
import Testing
@testable import Pipeline

/// libzstd's one-shot compression, for building `.zst` inputs.
func zstdFrame(_ bytes: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
    let n = out.withUnsafeMutableBytes { o in
        bytes.withUnsafeBytes { i in ZSTD_compress(o.baseAddress, o.count, i.baseAddress, i.count, 3) }
    }
    precondition(ZSTD_isError(n) == 0)
    return Array(out[0 ..< n])
}

/// A mixed corpus from the reference conversations: several `.zst` and plain files, one plain
/// file larger than all the others together, bad records, blank lines, an empty file and a
/// last line without `\n`. Returns the input paths in order.
func mixedCorpus(in dir: TempDir) throws -> [String] {
    let dev = try Reference.lines(Reference.data("dev.jsonl"))
    func join(_ lines: ArraySlice<[UInt8]>) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }
    let bad: [UInt8] = Array("{\"messages\": [{\"role\": \"user\", \"content\": 3}]}\n".utf8)
    var big = join(dev[60 ..< 150])
    big += Array("not json at all\n \t \n".utf8) + join(dev[150 ..< 170]) + bad + join(dev[170 ..< 200])
    big += Array("{\"messages\": [{\"role\": \"user\", \"content\": \"cut".utf8)  // no final newline
    return [
        try dir.write("z0.jsonl.zst", zstdFrame(join(dev[0 ..< 12]))),
        try dir.write("p0.jsonl", join(dev[12 ..< 20]) + bad + Array("\n".utf8) + join(dev[20 ..< 26])),
        try dir.write("z1.jsonl.zst", zstdFrame(join(dev[26 ..< 34]) + Array("{oops\n".utf8) + join(dev[34 ..< 40]))),
        try dir.write("big.jsonl", big),
        try dir.write("empty.jsonl", []),
        try dir.write("z2.jsonl.zst", zstdFrame(join(dev[40 ..< 50]))),
        try dir.write("p1.jsonl", join(dev[50 ..< 60])),
    ]
}

/// Encodes `inputs` into `prefix`, whole or as shard `shard` of `count`; 4 KB batches so that
/// batches also cross piece boundaries.
@discardableResult
func encodeShard(_ inputs: [String], prefix: String, shard: (index: Int, count: Int)? = nil,
                 options: EncodeOptions = EncodeOptions()) throws -> PipelineSummary {
    var c = PipelineConfiguration(inputs: try InputFile.expand(inputs), outputPrefix: prefix, workers: 2)
    c.batchBytes = 4 << 10
    if let shard { try c.restrict(toShard: shard.index, of: shard.count) }
    return try EncodeRun(model: referenceModel.get(), options: options, configuration: c, version: "test").run()
}

let datasetSuffixes = ["_input_ids_document.bin", "_input_ids_document.idx", "_labels_document.bin", "_labels_document.idx", ".rejects.jsonl"]

func metaObject(_ prefix: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(Reference.bytes(URL(fileURLWithPath: PackedPaths.meta(prefix: prefix))))) as! [String: Any]
}

@Suite struct ShardMergeTests {
    @Test(arguments: [1, 3, 7])
    func mergedShardsEqualTheUnshardedRunByteForByte(shards: Int) throws {
        let dir = try TempDir()
        let inputs = try mixedCorpus(in: dir)
        let whole = try encodeShard(inputs, prefix: dir.path + "/whole/out")
        #expect(whole.skipped == 6 && whole.blankLines == 2)
        var shardPrefixes: [String] = []
        var encoded = 0
        for i in 0 ..< shards {
            let p = dir.path + "/shards/part-\(i)"
            encoded += try encodeShard(inputs, prefix: p, shard: (i, shards)).encoded
            shardPrefixes.append(p)
        }
        #expect(encoded == whole.encoded)
        // Any order on the command line; shard order comes from meta.json.
        let merged = try DatasetMerge.run(shards: shardPrefixes.reversed(), output: dir.path + "/merged/out")
        #expect(merged.sequences == whole.encoded && merged.tokens == whole.tokens)
        for suffix in datasetSuffixes {
            let a = try Reference.bytes(URL(fileURLWithPath: dir.path + "/whole/out" + suffix))
            let b = try Reference.bytes(URL(fileURLWithPath: dir.path + "/merged/out" + suffix))
            #expect(a == b, "\(suffix) differs with \(shards) shards")
        }
        var meta = try metaObject(dir.path + "/merged/out")
        #expect(meta["merged"] as? [String: Int] == ["shards": shards])
        meta["merged"] = nil
        #expect(MetaJSON.canonical(meta) == MetaJSON.canonical(try metaObject(dir.path + "/whole/out")))
    }

    @Test func shardsHoldTrueLineNumbersAndAnEmptyShardIsAValidDataset() throws {
        let dir = try TempDir()
        let first = try Reference.lines(Reference.data("dev.jsonl"))[0]
        let input = try dir.write("one.jsonl", first + Array("\nbad\n{\"messages\": 1}\n".utf8))
        // 3 lines, 50 shards: most shards own no line at all.
        var rejects: [String] = []
        var prefixes: [String] = []
        for i in 0 ..< 50 {
            let p = dir.path + "/s\(i)"
            try encodeShard([input], prefix: p, shard: (i, 50))
            _ = try DatasetCheck.verify(prefix: p)
            rejects += try Reference.lines(URL(fileURLWithPath: PackedPaths.rejects(prefix: p))).map { String(decoding: $0, as: UTF8.self) }
            prefixes.append(p)
        }
        #expect(rejects.count == 2)
        #expect(rejects.first?.contains("\"line\":2,") == true && rejects.last?.contains("\"line\":3,") == true)
        try encodeShard([input], prefix: dir.path + "/whole")
        _ = try DatasetMerge.run(shards: prefixes, output: dir.path + "/merged")
        for suffix in datasetSuffixes {
            #expect(try dir.read("whole" + suffix) == dir.read("merged" + suffix), "\(suffix)")
        }
    }

    @Test func mergeRefusesMissingRepeatedMismatchedOrBrokenShardsAndWritesNothing() throws {
        let dir = try TempDir()
        let inputs = try mixedCorpus(in: dir)
        let s = (0 ..< 3).map { dir.path + "/s/part-\($0)" }
        for i in 0 ..< 3 { try encodeShard(inputs, prefix: s[i], shard: (i, 3)) }
        var other = EncodeOptions()
        other.labels.maxLength = 201; other.lengthPair = (100, 100)
        try encodeShard(inputs, prefix: dir.path + "/s/other-1", shard: (1, 3), options: other)
        try encodeShard(Array(inputs.dropLast()), prefix: dir.path + "/s/fewer-1", shard: (1, 3))
        try encodeShard(inputs, prefix: dir.path + "/s/of4-1", shard: (1, 4))
        try encodeShard(inputs, prefix: dir.path + "/s/whole")

        func refuses(_ prefixes: [String], _ message: String) {
            let out = dir.path + "/out/merged"
            #expect(throws: PipelineError.self) { try DatasetMerge.run(shards: prefixes, output: out) }
            do {
                _ = try DatasetMerge.run(shards: prefixes, output: out)
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"), "wrote something for \(message)")
        }
        refuses([s[0], s[2]], "1 of 3 shards missing: shard index 1")
        refuses([s[0], s[1], s[1], s[2]], "shard 1 of 3 given twice")
        refuses([s[0], dir.path + "/s/other-1", s[2]], "\"max_input_length\" is 100")
        refuses([s[0], dir.path + "/s/fewer-1", s[2]], "\"inputs\"")
        refuses([s[0], dir.path + "/s/of4-1", s[2]], "shard 1 of 4, but")
        refuses([s[0], dir.path + "/s/whole"], "not a shard")
        refuses([s[0], s[1], dir.path + "/s/nothing"], "cannot read")
        // A shard whose files no longer verify: one token out of the vocabulary.
        let bin = PackedPaths.bin(prefix: s[2], name: PackedPaths.inputIDs)
        var bytes = try Reference.bytes(URL(fileURLWithPath: bin))
        bytes.replaceSubrange(0 ..< 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        try Data(bytes).write(to: URL(fileURLWithPath: bin))
        refuses(s, "shard 2 (\(s[2])) fails verify")
    }

    @Test func completedShardIsRecognisedAndAChangedOneIsNot() throws {
        let dir = try TempDir()
        let inputs = try mixedCorpus(in: dir)
        let p = dir.path + "/part-1"
        func status(_ shard: (Int, Int), _ options: EncodeOptions = EncodeOptions(), inputs: [String] = inputs) throws -> String? {
            var c = PipelineConfiguration(inputs: try InputFile.expand(inputs), outputPrefix: p, workers: 1)
            try c.restrict(toShard: shard.0, of: shard.1)
            let run = try EncodeRun(model: referenceModel.get(), options: options, configuration: c, version: "test")
            switch CompletedOutput.check(run.configuration) {
            case .complete: return nil
            case .incomplete(let why): return why
            }
        }
        #expect(try status((1, 3))?.contains("does not exist") == true)
        try encodeShard(inputs, prefix: p, shard: (1, 3))
        #expect(try status((1, 3)) == nil)
        #expect(try status((2, 3))?.contains("\"shard\"") == true)
        var o = EncodeOptions()
        o.labels.mode = .lastTurn
        #expect(try status((1, 3), o)?.contains("\"mode\"") == true)
        #expect(try status((1, 3), inputs: Array(inputs.dropFirst()))?.contains("\"inputs\"") == true)
        unlink(PackedPaths.idx(prefix: p, name: PackedPaths.labels))
        #expect(try status((1, 3))?.contains("verify failed") == true)
    }

    /// A shard that holds only bad lines is a valid (empty) dataset, but a sharded job in which no
    /// record of the whole input encodes fails at the merge, as an unsharded run fails.
    @Test func mergeFailsWhenNoShardEncodedAnything() throws {
        let dir = try TempDir()
        let input = try dir.write("bad.jsonl", Array("bad\n{\"messages\": 1}\nworse\n".utf8))
        let prefixes = (0 ..< 2).map { dir.path + "/s\($0)" }
        for i in 0 ..< 2 { try encodeShard([input], prefix: prefixes[i], shard: (i, 2)) }
        #expect {
            try DatasetMerge.run(shards: prefixes, output: dir.path + "/merged/out")
        } throws: { error in
            "\(error)".contains("no record encoded: all 3 records were skipped, the first as \(input):1:")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/merged/out.meta.json"))
    }
}
