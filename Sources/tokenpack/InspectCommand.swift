import ArgumentParser
import Models
import Pipeline
import Inspect
import PackedFormat
import Tokenizer

#if canImport(Glibc)
import Glibc
#endif

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show encoded sequences as text with the training targets highlighted.",
        discussion: """
            Targets (labels other than -100) are shown in bold green on a terminal, or between [[ and ]] \
            with --plain (the default when stdout is not a terminal). Special tokens appear by name. \
            A packed dataset (encode --pack) names each sequence's bin and its place in it; \
            --document D shows a whole bin. Evaluation rows (encode --eval) show each example's \
            prompt with its answer marked as the target, and --document D one conversation's examples.

            Example:
              tokenpack inspect out/sample --index 3 --count 2
              tokenpack inspect out/sample --index 0 --tokens | head -40
              tokenpack inspect out/packed --document 3
              tokenpack inspect out/eval --document 0
            """
    )

    @Argument(help: "The --output-prefix given to `tokenpack encode`.")
    var prefix: String

    @Option(name: .long, help: "First sequence to show (0-based).")
    var index: Int = 0

    @Option(name: .long, help: "Number of sequences to show.")
    var count: Int = 1

    @Option(name: .long, help: ArgumentHelp("Show every sequence of document D (a packed bin, an evaluation conversation) instead of --index/--count.", valueName: "D"))
    var document: Int?

    @Flag(name: .long, help: "Mark targets with [[ ]] instead of colour.")
    var plain = false

    @Flag(name: .long, help: "One row per token: position, id, token text, label.")
    var tokens = false

    @Option(name: .long, help: ArgumentHelp("The Hugging Face tokenizer directory the dataset was encoded with (default: the model its meta.json names).", valueName: "DIR"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("The tiktoken-format vocabulary the dataset was encoded with (default: the model its meta.json names).", valueName: "PATH"))
    var tokenizer: String?

    func validate() throws {
        guard index >= 0 else { throw ValidationError("--index must be ≥ 0") }
        guard count >= 1 else { throw ValidationError("--count must be ≥ 1") }
    }

    func run() throws {
        let override = model != nil || tokenizer != nil ? ModelSelection(directory: model, tiktokenFile: tokenizer) : nil
        let tok: Tokenizer
        do { tok = try DatasetModel.load(prefix: prefix, override: override).tokenizer } catch {
            printError(error.message)
            throw ExitCode(1)
        }
        let ids: PackedReader, labels: PackedReader?
        do {
            (ids, labels) = try openForInspection(prefix)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if ids.count == 0 {
            print("\(prefix): the dataset holds no sequences; nothing to show")
            return
        }
        let marking: SequenceView.Marking = plain || isatty(STDOUT_FILENO) == 0 ? .brackets : .color
        if try showDocuments(prefix: prefix, ids: ids, labels: labels, view: SequenceView(tokenizer: tok), marking: marking) { return }
        guard index < ids.count else {
            printError("error: --index \(index) is past the last sequence: \(prefix) holds \(ids.count) sequence\(ids.count == 1 ? "" : "s") (0…\(ids.count - 1))")
            throw ExitCode(1)
        }
        // `count` may be anything up to Int.max: no `index + count`.
        let end = index + min(count, ids.count - index)
        if let labels, let problem = InspectChecks.mismatch(ids: ids, labels: labels, range: index..<end) {
            printError("error: \(problem) (tokenpack verify \(prefix) checks the whole dataset)")
            throw ExitCode(1)
        }
        let view = SequenceView(tokenizer: tok)
        for i in index..<end {
            let x = ids[i]
            let y = labels?[i]
            var text = view.header(index: i, ids: x, labels: y) + "\n"
            text += (tokens ? view.tokenTable(ids: x, labels: y) : view.text(ids: x, labels: y, marking: marking)) + "\n"
            if i + 1 < end { text += "\n" }
            // stdout gone (`| head`): SIGPIPE is ignored, so stop here instead of decoding on.
            guard writeStandardOutput(text) else { return }
        }
    }
}

/// The labels array of a dataset, or nil for text datasets (no labels files at all).
func openLabelsIfPresent(prefix: String) throws -> PackedReader? {
    let idx = PackedPaths.idx(prefix: prefix, name: PackedPaths.labels)
    let bin = PackedPaths.bin(prefix: prefix, name: PackedPaths.labels)
    guard access(idx, F_OK) == 0 || access(bin, F_OK) == 0 else { return nil }
    return try PackedReader(prefix: prefix, name: PackedPaths.labels)
}
