import ArgumentParser

@main
struct Tokenpack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenpack",
        abstract: "Turn zstd JSONL chat corpora into GLM-4 token ids and labels (Megatron int32 .bin/.idx).",
        discussion: """
            Reads plain, zstd- or gzip-compressed JSONL shards as a stream, renders each conversation with \
            GLM-4's chat template, tokenizes it exactly like GLM-4's reference tokenizer, labels \
            the training targets with GLM-4's official rule, and writes Megatron indexed datasets.

            Example:
              tokenpack encode samples/chat.jsonl.zst -o out/sample
              tokenpack verify out/sample
              tokenpack inspect out/sample --index 0
              tokenpack bench samples/chat.jsonl.zst --workers 1
            """,
        version: "0.1.0",
        subcommands: [EncodeCommand.self, MergeCommand.self, InspectCommand.self, VerifyCommand.self, AuditCommand.self, BenchCommand.self]
    )

    static func main() {
        ProcessSetup.prepare()
        main(nil)
    }
}
