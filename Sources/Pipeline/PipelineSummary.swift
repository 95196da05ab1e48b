/// The counts of a finished job, for the summary and `meta.json`.
public struct PipelineSummary: Sendable, Equatable {
    /// Records seen: encoded + skipped (an empty file counts as one skipped record).
    public var records = 0
    public var encoded = 0
    public var skipped = 0
    /// Whitespace-only lines: not records, left out as the reference does.
    public var blankLines = 0
    /// Tokens written to `input_ids` (and `labels`).
    public var tokens = 0
    /// Labels that are not -100 (0 for text).
    public var targetTokens = 0
    /// Records the length cut shortened, the tokens and the targets it removed from them, and
    /// records kept with no target at all (chat only; 0 for text).
    public var truncatedRecords = 0
    public var truncatedTokens = 0
    public var truncatedTargets = 0
    public var zeroTargetRecords = 0
    /// `--eval`: examples written (sequences of input_ids and output_ids).
    public var examples = 0
    /// Bytes read from the inputs (compressed size for zstd) and their decompressed size.
    public var rawBytes = 0
    public var contentBytes = 0
    /// Wall-clock seconds from start to commit.
    public var seconds = 0.0
    /// Final paths of the files written, ids first, meta.json last.
    public var outputFiles: [String] = []
    public var rejectsPath = ""

    public init() {}
}
