import ArgumentParser
import Pipeline

/// `encode`'s flags for running as one task of many: `--num-shards N --shard-index I` and
/// `--skip-completed` (README "Running on many machines").
struct ShardingFlags: ParsableArguments {
    @Option(name: .customLong("num-shards"), help: ArgumentHelp("Split the input into N contiguous shards (with --shard-index); join them with `tokenpack merge`.", valueName: "N"))
    var numShards: Int?

    @Option(name: .customLong("shard-index"), help: ArgumentHelp("Which shard to encode, 0 ≤ I < N: the I-th of N near-equal ranges of the input, in input order.", valueName: "I"))
    var shardIndex: Int?

    @Flag(name: .customLong("skip-completed"), help: "If PREFIX's files exist, verify, and record the same inputs, settings and shard, exit 0 at once.")
    var skipCompleted = false

    func validate(inputs: [String]) throws {
        switch (numShards, shardIndex) {
        case (nil, nil): return
        case (let n?, let i?):
            guard n >= 1 else { throw ValidationError("--num-shards must be at least 1") }
            guard i >= 0 && i < n else { throw ValidationError("--shard-index must be in 0..<\(n) (0-based)") }
            guard !inputs.contains("-") else {
                throw ValidationError("standard input cannot be sharded (every shard must find its own part of the input): give files")
            }
        default:
            throw ValidationError("--num-shards and --shard-index go together")
        }
    }

    var shard: (count: Int, index: Int)? {
        guard let numShards, let shardIndex else { return nil }
        return (numShards, shardIndex)
    }

    /// True when the job's output is already there (says so on stderr); false after saying why not.
    func isComplete(_ configuration: PipelineConfiguration, quiet: Bool) -> Bool {
        let prefix = configuration.outputPrefix
        switch CompletedOutput.check(configuration) {
        case .complete(let report):
            if !quiet { printError("\(prefix): already complete (\(report.summary.sequences) sequences, \(report.summary.tokens) tokens, verified; same inputs, settings and shard): skipping") }
            return true
        case .incomplete(let reason):
            if !quiet { printError("\(prefix): not complete (\(reason)): encoding") }
            return false
        }
    }
}
