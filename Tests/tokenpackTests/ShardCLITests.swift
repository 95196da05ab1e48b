import Foundation
import PackedFormat
import TestSupport
import Testing

/// `encode --num-shards/--shard-index/--skip-completed`, `merge`, and verify/inspect of plain
/// Megatron datasets, through the binary.
@Suite struct ShardCLITests {
    /// Two plain files from the reference conversations, with a bad record: small, so each run
    /// is mostly the tokenizer load.
    func corpus(_ dir: Scratch) throws -> [String] {
        let dev = try Reference.lines(Reference.data("dev.jsonl"))
        let a = dir.path + "/a.jsonl", b = dir.path + "/b.jsonl"
        try Data(dev[0 ..< 6].flatMap { $0 + [0x0A] } + Array("oops\n".utf8)).write(to: URL(fileURLWithPath: a))
        try Data(dev[6 ..< 30].flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: b))
        return [a, b]
    }

    func bytes(_ path: String) throws -> [UInt8] { try Reference.bytes(URL(fileURLWithPath: path)) }

    @Test func shardsMergeToTheUnshardedFilesAndCompletedShardsAreSkipped() throws {
        let dir = try Scratch()
        let inputs = try corpus(dir)
        var r = try CLI.run(["encode"] + inputs + ["-o", dir.path + "/whole/c", "--quiet"])
        try #require(r.status == 0, "\(r.stderr)")
        for i in 0 ..< 2 {
            r = try CLI.run(["encode"] + inputs + ["-o", dir.path + "/shards/c-\(i)", "--num-shards", "2", "--shard-index", "\(i)", "--skip-completed"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("not complete"), "\(r.stderr)")
        }
        // A rerun of shard 1 stops at once; the files stay as they are.
        let before = try bytes(dir.path + "/shards/c-1_input_ids_document.bin")
        r = try CLI.run(["encode"] + inputs + ["-o", dir.path + "/shards/c-1", "--num-shards", "2", "--shard-index", "1", "--skip-completed"])
        #expect(r.status == 0 && r.stderr.contains("already complete"), "\(r.stderr)")
        #expect(try bytes(dir.path + "/shards/c-1_input_ids_document.bin") == before)
        // Other settings: redone.
        r = try CLI.run(["encode"] + inputs + ["-o", dir.path + "/shards/c-1", "--num-shards", "2", "--shard-index", "1", "--skip-completed", "--max-output-length", "100"])
        #expect(r.status == 0 && r.stderr.contains("differs from this job in \"max_length\", \"max_output_length\""), "\(r.stderr)")
        // Back to the original settings, then merge.
        r = try CLI.run(["encode"] + inputs + ["-o", dir.path + "/shards/c-1", "--num-shards", "2", "--shard-index", "1", "--skip-completed", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try CLI.run(["merge", dir.path + "/shards/c-1", dir.path + "/shards/c-0", "-o", dir.path + "/merged/c"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("merged 2 shards: 30 sequences"), "\(r.stderr)")
        for suffix in ["_input_ids_document.bin", "_input_ids_document.idx", "_labels_document.bin", "_labels_document.idx", ".rejects.jsonl"] {
            #expect(try bytes(dir.path + "/whole/c" + suffix) == bytes(dir.path + "/merged/c" + suffix), "\(suffix)")
        }
        r = try CLI.run(["verify", dir.path + "/merged/c"])
        #expect(r.status == 0, "\(r.stderr)")
        // A missing shard: refused, nothing written.
        r = try CLI.run(["merge", dir.path + "/shards/c-1", "-o", dir.path + "/again/c"])
        #expect(r.status == 1 && r.stderr.contains("1 of 2 shards missing: shard index 0"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/again"))
    }

    @Test func shardFlagsAreCheckedAndStdinCannotBeSharded() throws {
        let dir = try Scratch()
        var r = try CLI.run(["encode", "-", "-o", dir.path + "/x", "--num-shards", "2", "--shard-index", "0"], stdin: Data("{}\n".utf8))
        #expect(r.status != 0 && r.stderr.contains("standard input cannot be sharded"), "\(r.stderr)")
        r = try CLI.run(["encode", dir.path, "-o", dir.path + "/x", "--num-shards", "2", "--shard-index", "2"])
        #expect(r.status != 0 && r.stderr.contains("--shard-index must be in 0..<2"), "\(r.stderr)")
        r = try CLI.run(["encode", dir.path, "-o", dir.path + "/x", "--num-shards", "2"])
        #expect(r.status != 0 && r.stderr.contains("go together"), "\(r.stderr)")
        #expect(try dir.files().isEmpty)
    }

    /// A Megatron dataset with no meta.json (as preprocess_data.py writes `PREFIX_text_document`):
    /// verify checks the structure and says so; inspect shows the ids.
    @Test func plainMegatronDatasetsVerifyAndInspect() throws {
        let dir = try Scratch()
        let inputs = try corpus(dir)
        var r = try CLI.run(["encode", inputs[0], "-o", dir.path + "/t", "--quiet"])
        try #require(r.status == 0, "\(r.stderr)")
        for ext in ["bin", "idx"] {
            try FileManager.default.copyItem(atPath: dir.path + "/t_input_ids_document." + ext, toPath: dir.path + "/corpus_text_document." + ext)
        }
        r = try CLI.run(["verify", dir.path + "/corpus_text_document"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok (structure only: a plain Megatron dataset, no meta.json"), "\(r.stdout)")
        #expect(r.stdout.contains("6 sequences") && r.stdout.contains("(int32), 6 documents"), "\(r.stdout)")
        r = try CLI.run(["inspect", dir.path + "/corpus_text_document", "--index", "1", "--plain"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("sequence 1: ") && r.stdout.contains("<|user|>"), "\(r.stdout)")
        #expect(r.stderr.contains("plain Megatron dataset"))

        // uint16, two documents of 2 and 1 sequences: Megatron's layout with 2-byte items.
        var idx = Array("MMIDIDX\0\0".utf8)
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { idx += $0 } }
        le(UInt64(1)); idx.append(8); le(UInt64(3)); le(UInt64(3))
        for n: Int32 in [2, 3, 1] { le(n) }
        for o: Int64 in [0, 4, 10] { le(o) }
        for d: Int64 in [0, 2, 3] { le(d) }
        try Data(idx).write(to: URL(fileURLWithPath: dir.path + "/u16.idx"))
        try Data(repeating: 1, count: 12).write(to: URL(fileURLWithPath: dir.path + "/u16.bin"))
        r = try CLI.run(["verify", dir.path + "/u16"])
        #expect(r.status == 0 && r.stdout.contains("3 sequences, 6 tokens (uint16), 2 documents"), "\(r.stdout)\(r.stderr)")
        try Data(repeating: 1, count: 10).write(to: URL(fileURLWithPath: dir.path + "/u16.bin"))
        r = try CLI.run(["verify", dir.path + "/u16"])
        #expect(r.status == 1 && r.stderr.contains("u16.bin: byte offset 10: data is 10 bytes; the index describes 12"), "\(r.stderr)")
    }
}
