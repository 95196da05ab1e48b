import ArgumentParser
import Foundation
import Pipeline

/// `tokenpack merge`: argument parsing only; the work is `Pipeline.DatasetMerge`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shards of a sharded encode into the dataset one unsharded encode writes.",
        discussion: """
            SHARD_PREFIX is the --output-prefix of one `tokenpack encode --num-shards N \
            --shard-index I` run; give all N, in any order. Writes PREFIX's .bin/.idx, rejects and \
            meta.json byte-identical to one `tokenpack encode` of the same input and settings \
            (meta.json adds "merged": {"shards": N}). Refuses, writing nothing, when a shard is \
            missing or given twice, when the shards differ in settings or inputs, or when one \
            fails `tokenpack verify`.

            Example:
              tokenpack merge out/shards/part-00000 out/shards/part-00001 -o out/corpus
              tokenpack merge out/shards/part-* -o out/corpus
            """
    )

    @Argument(help: ArgumentHelp("The shards' output prefixes.", valueName: "SHARD_PREFIX"))
    var shards: [String]

    @Option(name: [.customLong("output-prefix"), .customShort("o")], help: ArgumentHelp("Output path prefix.", valueName: "PREFIX"))
    var outputPrefix: String

    @Flag(help: "No summary.")
    var quiet = false

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give the shard prefixes (the --output-prefix of each shard's encode)") }
        guard !outputPrefix.isEmpty, !outputPrefix.hasSuffix("/") else {
            throw ValidationError("--output-prefix names files (PREFIX_input_ids_document.bin, …), not a directory: try \(outputPrefix)data")
        }
    }

    func run() throws {
        let s: DatasetMerge.Summary
        do {
            s = try DatasetMerge.run(shards: shards, output: outputPrefix)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        guard !quiet else { return }
        let mb = Double(s.binBytes) / 1e6
        let rate = s.seconds > 0 ? mb / s.seconds : 0
        var lines = ["merged \(s.shards) shard\(s.shards == 1 ? "" : "s"): \(s.sequences) sequences, \(s.tokens) tokens, "
            + String(format: "%.1f MB of .bin in %.2f s (%.0f MB/s, shards verified first)", mb, s.seconds, rate)]
        for (i, p) in s.outputFiles.enumerated() { lines.append((i == 0 ? "  wrote     " : "            ") + p) }
        printError(lines.joined(separator: "\n"))
    }
}
