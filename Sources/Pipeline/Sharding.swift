import JSONLines

extension PipelineConfiguration {
    /// Makes this job shard `index` of `count` (`--num-shards`, `--shard-index`): it reads only
    /// its part of `inputs` (`ShardPlan`), and `meta.json` gets a `shard` object with the count,
    /// the index and the pieces read. `inputs` stays the whole list, so every shard's meta.json
    /// names the same inputs and rejects keep the files' own paths and line numbers.
    public mutating func restrict(toShard index: Int, of count: Int) throws(PipelineError) {
        let pieces: [InputPiece]
        do {
            pieces = try ShardPlan.pieces(inputs, shardCount: count, shardIndex: index)
        } catch {
            throw .input(path: error.path, message: error.description)
        }
        self.pieces = pieces
        failWhenNothingEncoded = count == 1
        metadata[ShardMeta.key] = .object([
            "count": .int(count),
            "index": .int(index),
            // Each piece: input index, bytes [start, end) of the file on disk, first line number.
            "pieces": .array(pieces.map { p in
                let range = p.byteRange ?? 0 ..< (inputs[p.input].size ?? 0)
                return .object([
                    "input": .int(p.input),
                    "bytes": .array([.int(range.lowerBound), .int(range.upperBound)]),
                    "first_line": .int(p.firstLine),
                ])
            }),
        ])
    }
}

/// The meta.json keys that sharding and merging deal with.
enum ShardMeta {
    /// `{"count": N, "index": I, "pieces": […]}` in a shard's meta.json.
    static let key = "shard"
    /// `{"shards": N}` in a merged meta.json: the one key a merge adds.
    static let mergedKey = "merged"
    /// Keys whose values legitimately differ between the shards of one job (and between a
    /// shard and the merged whole): what they hold, and the file names derived from the
    /// prefix. Every other key must be equal for shards to be merged.
    static let perShardKeys: Set<String> = ["counts", "content_bytes", key, "datasets", "rejects", CommitRecord.key]
}
