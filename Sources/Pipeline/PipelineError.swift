/// Why an encode job produced no output. Descriptions start with the path (or `file:line`),
/// the way compilers report, so the CLI prints them as they are.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
    /// An input could not be read: missing, unreadable, corrupt or truncated zstd.
    case input(path: String, message: String)
    /// `--on-error fail` and this record is bad. `line` is 1-based.
    case record(path: String, line: Int, reason: String)
    /// An output file could not be created, written or renamed.
    case output(path: String, message: String)
    /// The encoder could not be set up (before any record was read).
    case setup(message: String)
    /// `cancel()` was called (SIGINT); temporary files were removed.
    case cancelled
    /// The inputs held lines, but not one record encoded: no dataset is written.
    case nothingEncoded(skipped: Int, blankLines: Int, firstReject: String?)

    public var description: String {
        switch self {
        case .input(_, let m): m
        case .record(let p, let l, let r): "\(p):\(l): \(r)"
        case .output(let p, let m): m.hasPrefix(p) ? m : "\(p): \(m)"
        case .setup(let m): m
        case .cancelled: "interrupted; no output written"
        case .nothingEncoded(let skipped, let blank, let first):
            if let first {
                "no record encoded: all \(skipped) record\(skipped == 1 ? " was" : "s were") skipped, the first as \(first); "
                    + "no output written (is the input JSON Lines, one object per line? see README \"Input\")"
            } else {
                "no record encoded: the input holds \(blank) whitespace-only line\(blank == 1 ? "" : "s") and no record; no output written"
            }
        }
    }
}
