import ArgumentParser

@main
struct Tokenpack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenpack",
        abstract: "Turn zstd JSONL chat corpora into GLM-4 token ids and labels (Megatron int32 .bin/.idx).",
        version: "0.1.0",
        subcommands: [InspectCommand.self]
    )
}
