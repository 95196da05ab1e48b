/// One stage's measurement: what it processed and how long each of the K runs took.
public struct StageResult: Sendable, Equatable {
    /// `decompress`, `split`, `parse`, `render`, `tokenize`, `encode`, `render+label`, `write`,
    /// `pipeline`.
    public var name: String
    /// Bytes the MB/s figures count: decompressed JSONL for every stage except `tokenize`, which
    /// counts the UTF-8 bytes fed to the tokenizer.
    public var bytes: Int
    /// Tokens produced by one run (nil for stages that produce none). For `tokenize`: every
    /// token the tokenizer produced, including those of the segment that crosses the
    /// `max_length` cut, which the encoder also tokenizes and then cuts; so with truncation it
    /// can exceed `encode`'s count (on 200 MB of dev conversations: 37.6 M against 34.4 M).
    public var tokens: Int?
    /// Records processed by one run.
    public var records: Int
    /// Wall-clock seconds of each run, in run order.
    public var seconds: [Double]
    /// CPU seconds (user + system, every thread of the process) of each run, in run order.
    public var cpuSeconds: [Double]
    /// Threads the stage ran on.
    public var threads: Int
    /// True for `render+label`, computed as `encode − tokenize` rather than run.
    public var derived = false
    /// `render+label` only: the median over runs of (encode − tokenize) / tokenize, each
    /// encode run paired with the tokenize run just before it.
    public var overheadVsTokenize: Double?
    /// `write` only: bytes of `.bin`/`.idx` written per run.
    public var outputBytes: Int?

    public init(name: String, bytes: Int, tokens: Int?, records: Int, seconds: [Double], cpuSeconds: [Double] = [], threads: Int) {
        self.name = name
        self.bytes = bytes
        self.tokens = tokens
        self.records = records
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.threads = threads
    }

    /// Median of the per-run seconds (mean of the middle two for an even K).
    public var medianSeconds: Double { Self.median(seconds) }

    /// MB/s (10^6 bytes) of each run; a run of 0 s (a derived time that noise made ≤ 0) has none.
    public var megabytesPerSecond: [Double] {
        seconds.filter { $0 > 0 }.map { Double(bytes) / 1e6 / $0 }
    }

    /// Median, min and max of `megabytesPerSecond` (0 when no run has a positive time).
    public var throughput: (median: Double, min: Double, max: Double) {
        let r = megabytesPerSecond
        guard !r.isEmpty else { return (0, 0, 0) }
        return (Self.median(r), r.min()!, r.max()!)
    }

    /// Tokens per second at the median time.
    public var tokensPerSecond: Double? {
        guard let tokens, medianSeconds > 0 else { return nil }
        return Double(tokens) / medianSeconds
    }

    /// MB per CPU-second at the median CPU time: the throughput per core busy, which a loaded
    /// machine disturbs less than wall-clock MB/s.
    public var megabytesPerCPUSecond: Double? {
        let c = Self.median(cpuSeconds)
        return c > 0 ? Double(bytes) / 1e6 / c : nil
    }

    /// Records per second at the median time.
    public var recordsPerSecond: Double? {
        records > 0 && medianSeconds > 0 ? Double(records) / medianSeconds : nil
    }

    /// `render+label` from paired runs (run i of `encode` with run i of `tokenize`, which ran
    /// just before it): per-run times encode − tokenize (0 when noise makes that negative), and
    /// `overheadVsTokenize` = the median of (encode − tokenize) / tokenize over the pairs.
    static func renderLabel(encode: StageResult, tokenize: StageResult) -> StageResult {
        var derived = StageResult(name: "render+label", bytes: encode.bytes, tokens: nil, records: encode.records,
                                  seconds: zip(encode.seconds, tokenize.seconds).map { max(0, $0 - $1) },
                                  cpuSeconds: zip(encode.cpuSeconds, tokenize.cpuSeconds).map { max(0, $0 - $1) },
                                  threads: encode.threads)
        derived.derived = true
        let ratios = zip(encode.seconds, tokenize.seconds).compactMap { e, t in t > 0 ? (e - t) / t : nil }
        derived.overheadVsTokenize = ratios.isEmpty ? nil : median(ratios)
        return derived
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
