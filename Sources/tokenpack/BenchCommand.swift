import ArgumentParser
import Bench
import Foundation
import JSONLines
import Labels
import Models
import Pipeline

/// `tokenpack bench`: argument parsing and printing only; the measuring is `Bench.BenchRun`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time each encoding stage alone, and the whole pipeline, on an input (MB/s, tokens/s).",
        discussion: """
            Stages, each run --repeat times: decompress (read + zstd), split (+ line framing), \
            parse (JSON scan), render (+ chat template; chat only), tokenize (the tokenizer alone \
            on the text the encoder would give it), encode (parse + render + tokenize + label per \
            record), render+label (derived: encode − tokenize, parse included; tokenize and encode \
            alternate on 1 MB slices so both see the same machine load), write (.bin/.idx of the encoded \
            ids) and pipeline (a real `tokenpack encode` with --workers). MB/s count decompressed \
            JSONL, except tokenize (the UTF-8 text fed to the tokenizer; its tokens include those past \
            the --max-input-length + --max-output-length + 1 cut that the encoder tokenizes and then \
            drops). Prints the median and min–max per stage.

            The input is held in memory (decompressed, plus its rendered text and ids): bench is \
            meant for inputs of tens to a few hundred MB. parse, render, tokenize and encode split \
            the records over --workers threads; decompress, split and write use one, as in the \
            pipeline. Output files go to a temporary directory that is removed afterwards. \
            Progress goes to stderr; the report (or --json) to stdout.

            Example:
              tokenpack bench samples/chat.jsonl.zst --workers 1 --repeat 3
              tokenpack bench corpus.jsonl --json > bench.json
            """
    )

    @Argument(help: ArgumentHelp("Input files or directories (.jsonl or .jsonl.zst).", valueName: "INPUT"))
    var inputs: [String]

    @Option(help: "Threads for the pipeline and the in-memory stages (default: number of active cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed runs per stage.")
    var `repeat` = 3

    @Flag(help: "Print the report as one JSON object (for Tools/compare_peers.py).")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @OptionGroup var encoding: EncodingFlags

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT file or directory") }
        guard !inputs.contains("-") else { throw ValidationError("bench reads its input several times: give files, not -") }
        try WorkerLimit.check(workers)
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let files: [InputFile]
        do {
            let survey = try InputFile.survey(inputs)
            for s in survey.skipped { printError("skipped \(s.path): \(s.reason)") }
            files = survey.inputs
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let model: Model
        do { model = try encoding.selection.load() } catch {
            printError(error.message)
            throw ExitCode(1)
        }
        let options = encoding.options(for: model)
        var settings = BenchSettings(inputs: files, options: options, workers: workers, repeats: `repeat`)
        let scratch = BenchRun.defaultScratchDirectory()
        settings.scratchDirectory = scratch
        // Ctrl-C: remove the scratch directory (write and pipeline files) and stop at once. The
        // stages keep running meanwhile, so the directory is first renamed away: files they
        // create or rename by path after that fail instead of appearing in a directory being
        // removed.
        // The gate keeps the two endings apart: once the handler holds it, the main path (which
        // then sees its stage fail) waits for the exit instead of reporting that failure.
        let gate = NSLock()
        let interrupt = Interrupt {
            gate.lock()
            let doomed = scratch + ".interrupted"
            rename(scratch, doomed)
            try? FileManager.default.removeItem(atPath: doomed)
            try? FileManager.default.removeItem(atPath: scratch)
            Foundation.exit(130)
        }
        defer { interrupt.remove() }
        let report: BenchReport
        do {
            report = try BenchRun.run(settings, model: model) { stage in
                if !quiet { printError("bench: \(stage)…") }
            }
        } catch {
            gate.lock()
            printError("\(error)")
            throw ExitCode(1)
        }
        gate.lock()
        print(json ? report.json() : report.table(), terminator: json ? "\n" : "")
    }
}
