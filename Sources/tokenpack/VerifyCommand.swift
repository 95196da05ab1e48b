import ArgumentParser
import PackedFormat
import Pipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check written files the way a training loader relies on them.",
        discussion: """
            Checks magic, version, dtype, counts, sizes against the .bin length, offsets, the \
            document index, ids inside the vocabulary, each label -100 or its id, identical ids and \
            labels indexes, sequence lengths within max_length, and the counts in PREFIX.meta.json. \
            Exits 0 with a one-line summary, or 1 naming the first inconsistency (file, sequence, \
            byte offset). A plain Megatron dataset (PATH.bin and PATH.idx with no PATH.meta.json, \
            e.g. PREFIX_text_document from preprocess_data.py) gets the structural checks only, and \
            the summary says so.

            Example:
              tokenpack verify out/sample
              tokenpack verify data/corpus_text_document
            """
    )

    @Argument(help: "The --output-prefix given to `tokenpack encode`, or a plain Megatron dataset path (PATH.bin/PATH.idx, no meta.json: structure only).")
    var prefix: String

    @Flag(help: "Also run `tokenpack audit` on the dataset (exit 1 if it fails).")
    var audit = false

    @OptionGroup var auditFlags: AuditFlags

    func run() throws {
        do {
            if PlainDataset.looksPlain(prefix, metaPath: PackedPaths.meta(prefix: prefix)) {
                print(try PlainDataset.verify(path: prefix).line(path: prefix))
                return
            }
            let report = try DatasetCheck.verify(prefix: prefix)
            print(report.line(prefix: prefix))
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
        if audit { try auditFlags.audit(prefix, afterVerify: true) }
    }
}
