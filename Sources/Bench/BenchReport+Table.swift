import Foundation

extension BenchReport {
    /// The human form: a header, then one row per stage.
    public func table() -> String {
        var out: [String] = []
        out.append("input:    \(inputs.joined(separator: " ")) (\(format))")
        out.append("bytes:    \(Self.grouped(inputBytes)) decompressed JSONL (\(Self.grouped(compressedBytes)) read)")
        out.append("records:  \(Self.grouped(records))   tokens: \(Self.grouped(tokens))")
        out.append("workers:  \(workers)   repeat: \(repeats)   machine cores: \(cores)")
        out.append("")
        let header = ["stage", "MB/s", "min–max", "tokens/s", "s (median)", "MB/CPU-s", "threads", ""]
        var rows: [[String]] = []
        for s in stages {
            let t = s.throughput
            var note = ""
            if s.derived {
                note = "derived: encode − tokenize"
                if let o = s.overheadVsTokenize { note += String(format: ", %+.1f%% of tokenize", o * 100) }
            } else if s.name == "tokenize" {
                note = "MB of text fed to the tokenizer"
            } else if s.name == "pipeline", let r = s.recordsPerSecond {
                note = "\(Self.grouped(Int(r.rounded()))) records/s"
            }
            rows.append([
                s.name,
                String(format: "%.1f", t.median),
                String(format: "%.1f–%.1f", t.min, t.max),
                s.tokensPerSecond.map { String(format: "%.2fM", $0 / 1e6) } ?? "",
                String(format: "%.3f", s.medianSeconds),
                s.megabytesPerCPUSecond.map { String(format: "%.1f", $0) } ?? "",
                String(s.threads),
                note,
            ])
        }
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return c == 0 || c == cells.count - 1 ? cells[c] + pad : pad + cells[c]
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        out.append(line(header))
        for r in rows { out.append(line(r)) }
        out.append("")
        out.append("MB = 10^6 bytes of decompressed JSONL, except tokenize. render+label includes parsing.")
        out.append("MB/CPU-s: per CPU-second of the whole process (all threads); steadier than MB/s on a busy machine.")
        return out.joined(separator: "\n") + "\n"
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
