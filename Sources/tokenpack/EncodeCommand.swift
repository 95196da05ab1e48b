import ArgumentParser
import Dispatch
import Foundation
import JSONLines
import ChatTemplate
import Labels
import Models
import Pipeline

/// `tokenpack encode`: argument parsing only; the work is `Pipeline.EncodeRun`.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode JSONL corpora (plain, zstd or gzip) into Megatron int32 .bin/.idx token ids (and labels).",
        discussion: """
            INPUT is a .jsonl, .jsonl.zst or .jsonl.gz file (compression is recognised from the \
            content), a directory (its *.jsonl, *.jsonl.zst, *.jsonl.zstd and *.jsonl.gz files in any \
            case, sorted by name; what else it holds is listed as skipped) or - for standard input. Writes PREFIX_input_ids_document.bin/.idx, \
            for chat PREFIX_labels_document.bin/.idx, PREFIX.rejects.jsonl and PREFIX.meta.json \
            (README "Output format"). Progress and the summary go to stderr.

            Example:
              tokenpack encode samples/chat.jsonl.zst -o out/sample
            """
    )

    @Argument(help: ArgumentHelp("Input files, directories, or - for stdin.", valueName: "INPUT"))
    var inputs: [String]

    @Option(name: [.customLong("output-prefix"), .customShort("o")], help: ArgumentHelp("Output path prefix.", valueName: "PREFIX"))
    var outputPrefix: String

    @OptionGroup var encoding: EncodingFlags

    @Option(help: "Worker threads (default: number of active cores). The output does not depend on it.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("on-error"), help: "skip: leave bad records out and list them in PREFIX.rejects.jsonl; fail: stop at the first one, writing nothing.")
    var onError: ErrorPolicy = .skip

    @Flag(help: "No progress line and no summary.")
    var quiet = false

    @OptionGroup var sharding: ShardingFlags

    @Option(name: .customLong("max-record-bytes"), help: ArgumentHelp("Longest line read as a record, in bytes (default 1 GiB). A longer line is skipped with its line number, and read without being held in memory.", valueName: "N"))
    var maxRecordBytes: Int = 1 << 30

    @OptionGroup var shape: OutputShapeFlags

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one INPUT (a file, a directory, or - for stdin)") }
        try sharding.validate(inputs: inputs)
        try shape.validate(format: encoding.format)
        try WorkerLimit.check(workers)
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be at least 1") }
        if let problem = OutputPrefix.problem(outputPrefix) { throw ValidationError(problem) }
    }

    func run() throws {
        let preflight: EncodePreflight
        do {
            preflight = try EncodePreflight.run(inputs: inputs, prefix: outputPrefix, withLabels: encoding.format == .chat)
        } catch {
            throw fail("\(error)")
        }
        defer { preflight.lock.release() }
        let files = preflight.survey.inputs
        let model: Model
        do { model = try encoding.selection.load() } catch { throw fail(error.message) }
        var options = encoding.options(for: model)
        shape.apply(to: &options)
        var configuration = PipelineConfiguration(inputs: files, outputPrefix: outputPrefix, workers: workers)
        configuration.onError = onError
        configuration.maxRecordBytes = maxRecordBytes
        configuration.showProgress = !quiet && isatty(2) != 0
        if !preflight.survey.skipped.isEmpty {
            configuration.metadata["skipped_inputs"] = .array(preflight.survey.skipped.map { .object(["path": .string($0.path), "reason": .string($0.reason)]) })
        }
        if let shard = sharding.shard {
            do { try configuration.restrict(toShard: shard.index, of: shard.count) } catch { throw fail("\(error)") }
        }

        let job: EncodeRun
        let summary: PipelineSummary
        do {
            job = try EncodeRun(model: model, options: options, configuration: configuration, version: Tokenpack.configuration.version)
            if sharding.skipCompleted && sharding.isComplete(job.configuration, quiet: quiet) { return }
            let interrupt = Interrupt { job.cancel() }
            defer { interrupt.remove() }
            summary = try job.run()
        } catch .cancelled {
            throw fail("interrupted; no output written", code: 130)
        } catch {
            throw fail("\(error)")
        }
        // The summary goes to stderr with the progress line: both are reports for the person at
        // the terminal, and stdout stays empty, so `2>log` captures the whole report and
        // scripts that read stdout never see it mixed with data.
        if !quiet {
            writeStandardError(SummaryReport.text(summary, inputs: files.count, withLabels: encoding.format == .chat) + preflight.summaryNotes())
        }
    }

    /// Prints `message` to stderr as compilers do (`file:line: reason`) and exits non-zero.
    private func fail(_ message: String, code: Int32 = 1) -> ExitCode {
        printError(message)
        return ExitCode(code)
    }
}

/// SIGINT, SIGTERM or SIGHUP → cancel the job (it removes its temporary files); a second
/// signal of the same kind kills the process at once (still nothing under a final name).
final class Interrupt: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private let sources: [DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        sources = Self.signals.map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                writeStandardError("\ninterrupted, removing temporary files…\n")
                signal(sig, SIG_DFL)
                handler()
            }
            source.resume()
            return source
        }
    }

    func remove() {
        for s in sources { s.cancel() }
        for sig in Self.signals { signal(sig, SIG_DFL) }
    }
}

extension EncodeOptions.Format: ExpressibleByArgument {}
extension ErrorPolicy: ExpressibleByArgument {}
extension LabelMode: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
