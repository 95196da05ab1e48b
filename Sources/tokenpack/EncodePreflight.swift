import Foundation
import JSONLines
import Pipeline

/// What `encode` settles before any work: the inputs (and what was left out of them) and a
/// claimed, checked output prefix.
struct EncodePreflight {
    var survey: InputSurvey
    /// Held until the job ends (released by the caller, or by the system at exit).
    var lock: PrefixLock
    /// Temporaries of dead runs that were removed.
    var removedTemporaries: [String]

    static func run(inputs: [String], prefix: String, withLabels: Bool) throws(PipelineError) -> EncodePreflight {
        let survey: InputSurvey
        do { survey = try InputFile.survey(inputs, ownOutputs: OutputPrefix.canonicalOutputs(prefix)) } catch {
            throw .setup(message: "\(error)")
        }
        // Always shown, even with --quiet: left-out input is a loss the user must hear about.
        for s in survey.skipped { printError("skipped \(s.path): \(s.reason)") }
        try createParentDirectory(prefix)
        let lock = try PrefixLock(prefix: prefix)
        try OutputPrefix.checkFinalNames(prefix, withLabels: withLabels)
        let removed = OutputPrefix.removeStaleTemporaries(prefix)
        return EncodePreflight(survey: survey, lock: lock, removedTemporaries: removed)
    }

    /// The lines the summary ends with: inputs left out and temporaries cleaned up.
    func summaryNotes() -> String {
        var lines: [String] = []
        if !survey.skipped.isEmpty {
            lines.append("  not read  \(survey.skipped.count) input\(survey.skipped.count == 1 ? "" : "s") skipped (listed above, each with the reason)")
        }
        if !removedTemporaries.isEmpty {
            lines.append("  cleaned   \(removedTemporaries.count) temporary file\(removedTemporaries.count == 1 ? "" : "s") left by interrupted earlier runs:")
            lines += removedTemporaries.map { "            " + $0 }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func createParentDirectory(_ prefix: String) throws(PipelineError) {
        guard let slash = prefix.lastIndex(of: "/"), slash != prefix.startIndex else { return }
        let dir = String(prefix[..<slash])
        if FileManager.default.fileExists(atPath: dir) { return }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw .output(path: dir, message: "\(dir): cannot create output directory: \(error.localizedDescription)")
        }
    }
}
