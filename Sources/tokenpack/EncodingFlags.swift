import ArgumentParser
import Labels
import Pipeline

/// The flags that say how records are encoded, shared by `encode` and `bench` so both
/// measure and produce the same thing.
struct EncodingFlags: ParsableArguments {
    @Option(help: "Record format: chat ({\"messages\": […]}) or text ({\"text\": …}).")
    var format: EncodeOptions.Format = .chat

    @Option(name: .customLong("text-key"), help: ArgumentHelp("Text format: the key holding the text (default: text).", valueName: "KEY"))
    var textKey: String?

    @Flag(name: .customLong("append-eod"), help: "Text format: add <|endoftext|> after each document.")
    var appendEOD = false

    @Flag(name: .customLong("no-special-tokens"), help: "Text format: keep special-token strings such as <|user|> as plain text.")
    var noSpecialTokens = false

    @Option(help: "Chat format: which turns are trained on: per-turn (official default) or last-turn (official combine).")
    var mode: LabelMode = .perTurn

    @Option(name: .customLong("max-input-length"), help: "Chat format: sequences are cut to max-input-length + max-output-length + 1 tokens.")
    var maxInputLength = 512

    @Option(name: .customLong("max-output-length"), help: "Chat format: see --max-input-length.")
    var maxOutputLength = 512

    @Flag(name: .customLong("no-truncate"), help: "Chat format: keep whole sequences.")
    var noTruncate = false

    @Option(help: ArgumentHelp("A tiktoken-format vocabulary (default: the bundled GLM-4 one).", valueName: "PATH"))
    var tokenizer: String?

    func validate() throws {
        if format == .chat && (textKey != nil || appendEOD || noSpecialTokens) {
            throw ValidationError("--text-key, --append-eod and --no-special-tokens apply to --format text")
        }
    }

    /// The flags as the pipeline's options.
    var options: EncodeOptions {
        var o = EncodeOptions()
        o.format = format
        o.labels = LabelOptions(mode: mode, maxInputLength: maxInputLength, maxOutputLength: maxOutputLength, truncate: !noTruncate)
        o.textKey = textKey ?? "text"
        o.appendEOD = appendEOD
        o.specialTokens = !noSpecialTokens
        o.tokenizerPath = tokenizer
        return o
    }
}
