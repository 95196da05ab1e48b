import ArgumentParser
import Foundation
import Models
import PackedFormat
import Pipeline

/// `tokenpack audit PREFIX`: what a dataset trains on (`Pipeline.LabelAudit`).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report what a dataset trains on and fail on turn openers trained after a message that is not the model's.",
        discussion: """
            Reads the dataset with its own model (meta.json) and recovers each message's role from \
            the turn-opening tokens. Reports the target share overall and per role, the special \
            tokens that are targets, every sequence (0-based) where a turn opener is a target \
            although the message before it is not the model's, GLM-4's deliberate assistant \
            continuations, sequences without a target, truncation, and roles rendered as text. \
            Exits 1 on a trained opener after a non-model message, or with \
            --max-zero-target-share X when more than that share of sequences has no target.

            Example:
              tokenpack audit out/sample
              tokenpack audit out/sample --json --max-zero-target-share 0.01
            """
    )

    @Argument(help: "The --output-prefix given to `tokenpack encode`.")
    var prefix: String

    @OptionGroup var flags: AuditFlags

    func run() throws { try flags.audit(prefix) }
}

/// The audit's flags, shared by `audit` and `verify --audit`.
struct AuditFlags: ParsableArguments {
    @Flag(help: "Machine-readable report (JSON) instead of text.")
    var json = false

    @Option(name: .customLong("max-zero-target-share"), help: ArgumentHelp("Also fail when more than this share (0…1) of the sequences has no target.", valueName: "X"))
    var maxZeroTargetShare: Double?

    @Option(name: .long, help: ArgumentHelp("The Hugging Face tokenizer directory the dataset was encoded with (default: the model its meta.json names).", valueName: "DIR"))
    var model: String?

    func validate() throws {
        if let x = maxZeroTargetShare, !(x >= 0 && x <= 1) { throw ValidationError("--max-zero-target-share must be between 0 and 1") }
    }

    /// `afterVerify`: evaluation rows have no labels to audit, which `verify --audit` notes
    /// instead of failing.
    func audit(_ prefix: String, afterVerify: Bool = false) throws {
        if afterVerify && FileManager.default.fileExists(atPath: PackedPaths.idx(prefix: prefix, name: PackedPaths.outputIDs)) {
            print("\(prefix): evaluation rows (input_ids and output_ids, no labels): no label audit")
            return
        }
        let report: LabelAudit.Report
        do { report = try LabelAudit.run(prefix: prefix, override: model.map { ModelSelection(directory: $0) }) } catch {
            printError("error: \(error.message)")
            throw ExitCode(1)
        }
        print(json ? report.json(maxZeroTargetShare: maxZeroTargetShare) : report.text(maxZeroTargetShare: maxZeroTargetShare))
        if !report.failures(maxZeroTargetShare: maxZeroTargetShare).isEmpty { throw ExitCode(1) }
    }
}
