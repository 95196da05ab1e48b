/// The end-of-run summary, one screen, for stderr.
public enum SummaryReport {
    public static func text(_ s: PipelineSummary, inputs: Int, withLabels: Bool) -> String {
        let mbps = s.seconds > 0 ? Double(s.contentBytes) / 1e6 / s.seconds : 0
        var lines: [String] = []
        lines.append("encoded \(Format.grouped(s.encoded)) of \(Format.grouped(s.records)) records in \(Format.fixed(s.seconds, digits: 2)) s (\(Format.fixed(mbps, digits: 1)) MB/s of JSONL)")
        lines.append("  input     \(inputs) file\(inputs == 1 ? "" : "s"), \(Format.megabytes(s.rawBytes)) MB read, \(Format.megabytes(s.contentBytes)) MB of JSONL")
        var skipped = "  skipped   \(Format.grouped(s.skipped))"
        if s.skipped > 0 { skipped += " (reasons in \(s.rejectsPath))" }
        lines.append(skipped)
        lines.append("  blank     \(Format.grouped(s.blankLines)) whitespace-only line\(s.blankLines == 1 ? "" : "s") (not records)")
        var tokens = "  tokens    \(Format.grouped(s.tokens))"
        if withLabels {
            let share = s.tokens > 0 ? Double(s.targetTokens) * 100 / Double(s.tokens) : 0
            tokens += ", \(Format.grouped(s.targetTokens)) targets (labels != -100, \(Format.fixed(share, digits: 1))%)"
        }
        lines.append(tokens)
        if withLabels && s.truncatedRecords > 0 {
            let all = s.targetTokens + s.truncatedTargets
            let share = all > 0 ? Double(s.truncatedTargets) * 100 / Double(all) : 0
            lines.append("  warning   the length cut shortened \(Format.grouped(s.truncatedRecords)) record\(s.truncatedRecords == 1 ? "" : "s"): \(Format.grouped(s.truncatedTokens)) tokens removed, \(Format.grouped(s.truncatedTargets)) of them targets (\(Format.fixed(share, digits: 1))% of all targets); --max-length N or --no-truncate keeps more")
        }
        if withLabels && s.zeroTargetRecords > 0 {
            lines.append("  warning   \(Format.grouped(s.zeroTargetRecords)) record\(s.zeroTargetRecords == 1 ? "" : "s") kept no target at all (they train nothing)")
        }
        for (i, path) in s.outputFiles.enumerated() {
            lines.append((i == 0 ? "  wrote     " : "            ") + path)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
