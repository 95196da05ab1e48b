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
            byte offset).

            Example:
              tokenpack verify out/sample
            """
    )

    @Argument(help: "The --output-prefix given to `tokenpack encode`.")
    var prefix: String

    func run() throws {
        do {
            let report = try DatasetCheck.verify(prefix: prefix)
            print(report.line(prefix: prefix))
        } catch {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
