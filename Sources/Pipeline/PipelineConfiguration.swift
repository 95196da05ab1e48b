import JSONLines

/// Everything an encode job needs besides the encoder: inputs, output, parallelism, policy.
public struct PipelineConfiguration: Sendable {
    /// Inputs in reading order (see `InputFile.expand`).
    public var inputs: [InputFile]
    /// Output prefix: `PREFIX_input_ids_document.bin` etc. (README "Output format").
    public var outputPrefix: String
    /// The parts of `inputs` this job reads, for a shard (`restrict(toShard:of:)`); nil reads
    /// every input whole. `inputs` stays the whole list: rejects and meta.json name it.
    public var pieces: [InputPiece]? = nil
    /// Worker count: encoders that run at once. The output does not depend on it.
    public var workers: Int
    public var onError: ErrorPolicy = .skip
    /// Batch size, in bytes of complete lines and in records (see `LineReader`). Tests use
    /// tiny values to get many batches from little data.
    public var batchBytes: Int = 1 << 20
    public var batchRecords: Int = 8192
    /// Longest line read as a record (`--max-record-bytes`); a longer one is a reject.
    public var maxRecordBytes: Int = 1 << 30
    /// Batches read but not yet written, at most. nil: 2 × workers + 2, enough that one slow
    /// batch (a 5 MB record) does not idle the other workers while memory stays bounded.
    public var maxBatchesInFlight: Int? = nil
    /// Reject records that are not well-formed UTF-8 before they reach the encoder.
    public var validateUTF8 = true
    /// Progress line on stderr (the CLI turns it on when stderr is a terminal).
    public var showProgress = false
    /// Fail, writing nothing, when lines were read but no record encoded. A shard of a sharded
    /// job turns it off (one shard may hold only bad lines); `merge` checks the whole job.
    public var failWhenNothingEncoded = true
    /// Fields copied into `PREFIX.meta.json` as they are (tokenizer, template, mode, …).
    public var metadata: [String: MetaValue] = [:]
    /// `--pack`: records written bin by bin, each bin one document (`Packing.swift`).
    public var packing: PackingOptions? = nil
    /// `--eval`: the second array is `output_ids`, one sequence per example, one document per
    /// record (`EvalOutput.swift`).
    public var evalRows = false

    public init(inputs: [InputFile], outputPrefix: String, workers: Int) {
        self.inputs = inputs
        self.outputPrefix = outputPrefix
        self.workers = workers
    }

    var batchesInFlight: Int { max(maxBatchesInFlight ?? (2 * workers + 2), workers + 1) }
}

/// What a bad record does to the job.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Leave the record out, count it, list it in `PREFIX.rejects.jsonl`; exit status 0.
    case skip
    /// Stop at the first bad record in input order; no output files.
    case fail
}

/// A JSON value for `meta.json`.
public enum MetaValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case object([String: MetaValue])
    case array([MetaValue])
}
