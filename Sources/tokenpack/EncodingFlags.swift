import ArgumentParser
import ChatTemplate
import Labels
import Models
import Pipeline

/// The flags that say which model encodes and how records are encoded, shared by `encode` and
/// `bench` so both measure and produce the same thing.
struct EncodingFlags: ParsableArguments {
    @Option(help: ArgumentHelp("A Hugging Face tokenizer directory (tokenizer.json + tokenizer_config.json with its chat_template), as every model snapshot has. The template family is recognized from the chat template (default: the bundled GLM-4 model).", valueName: "DIR"))
    var model: String?

    @Option(help: ArgumentHelp("A tiktoken-format vocabulary used with GLM-4's special tokens (numbered after its ranks) and template.", valueName: "PATH"))
    var tokenizer: String?

    @Option(help: ArgumentHelp("Force the chat template family instead of recognizing it: \(ModelSelection.familyNames).", valueName: "NAME"))
    var template: String?

    @Option(name: .customLong("input-format"), help: ArgumentHelp("Chat format: native (the family's own record form; GLM-4: its official records) or openai (OpenAI messages: tool role, tool_calls, top-level tools; mapped onto GLM-4's form for the glm4 template). Default: native.", valueName: "FORMAT"))
    var inputFormat: InputFormat = .native

    @Option(name: .customLong("template-date"), help: ArgumentHelp("Chat format: the date a template that prints one writes (gpt-oss's \"Current date:\"), as YYYY-MM-DD. Default: the run's start date in UTC. Recorded in meta.json as template_date.", valueName: "DATE"))
    var templateDate: String?

    @Option(help: "Record format: chat ({\"messages\": […]}) or text ({\"text\": …}).")
    var format: EncodeOptions.Format = .chat

    @Option(name: .customLong("text-key"), help: ArgumentHelp("Text format: the key holding the text (default: text).", valueName: "KEY"))
    var textKey: String?

    @Flag(name: .customLong("append-eod"), help: "Text format: add <|endoftext|> after each document.")
    var appendEOD = false

    @Flag(name: .customLong("no-special-tokens"), help: "Text format: keep special-token strings such as <|user|> as plain text.")
    var noSpecialTokens = false

    @Option(help: "Chat format: which turns are trained on: per-turn (every assistant turn; GLM-4's official default) or last-turn (only the last assistant turn; GLM-4's official combine).")
    var mode: LabelMode = .perTurn

    @Option(name: .customLong("max-length"), help: ArgumentHelp("Chat format: cut ids and labels to N tokens, for every template (default: GLM-4 cuts to max-input-length + max-output-length + 1; other families keep whole sequences).", valueName: "N"))
    var maxLength: Int?

    @Option(name: .customLong("max-input-length"), help: "Chat format, GLM-4's official pair: sequences are cut to max-input-length + max-output-length + 1 tokens (default 512 + 512 + 1).")
    var maxInputLength: Int?

    @Option(name: .customLong("max-output-length"), help: "Chat format: see --max-input-length.")
    var maxOutputLength: Int?

    @Flag(name: .customLong("no-truncate"), help: "Chat format: keep whole sequences.")
    var noTruncate = false

    func validate() throws {
        if format == .chat && (textKey != nil || appendEOD || noSpecialTokens) {
            throw ValidationError("--text-key, --append-eod and --no-special-tokens apply to --format text")
        }
        if let d = templateDate {
            if format == .text { throw ValidationError("--template-date applies to --format chat") }
            if TemplateDate(d) == nil { throw ValidationError("--template-date \(d): not a date written YYYY-MM-DD") }
        }
        if model != nil && tokenizer != nil {
            throw ValidationError("--model and --tokenizer both name a vocabulary: give one")
        }
        let pair = maxInputLength != nil || maxOutputLength != nil
        if maxLength != nil && pair {
            throw ValidationError("--max-length replaces --max-input-length/--max-output-length: give one or the other")
        }
        if noTruncate && (maxLength != nil || pair) {
            throw ValidationError("--no-truncate keeps whole sequences: it cannot go with a length")
        }
        if let n = maxLength, n < 1 { throw ValidationError("--max-length must be at least 1") }
        for (flag, v) in [("--max-input-length", maxInputLength), ("--max-output-length", maxOutputLength)] {
            if let v, v < 0 { throw ValidationError("\(flag) must be at least 0") }
            if let v, v > 1 << 40 { throw ValidationError("\(flag) \(v) is too large") }
        }
    }

    /// The model the flags name.
    var selection: ModelSelection {
        ModelSelection(directory: model, tiktokenFile: tokenizer, template: template)
    }

    /// The flags as the pipeline's options, for `model`'s family.
    func options(for model: Model) -> EncodeOptions {
        var o = EncodeOptions()
        o.format = format
        // GLM-4's pair decides the cut when given, or by default for a family that cuts.
        let pair = (input: maxInputLength ?? 512, output: maxOutputLength ?? 512)
        let byPair = maxInputLength != nil || maxOutputLength != nil
            || (maxLength == nil && model.family?.truncatesByDefault == true)
        o.lengthPair = byPair ? pair : nil
        o.labels = LabelOptions(mode: mode, maxLength: noTruncate ? nil : maxLength ?? (byPair ? pair.input + pair.output + 1 : nil))
        o.template = TemplateOptions(inputFormat: inputFormat, date: templateDate.flatMap(TemplateDate.init))
        o.textKey = textKey ?? "text"
        o.appendEOD = appendEOD
        o.specialTokens = !noSpecialTokens
        return o
    }
}
