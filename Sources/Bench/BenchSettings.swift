import JSONLines
import Pipeline

/// What `tokenpack bench` measures: the inputs, the encoding (the same `EncodeOptions` as
/// `tokenpack encode`), the worker count of the parallel stages and how many runs per stage.
public struct BenchSettings: Sendable {
    public var inputs: [InputFile]
    public var options: EncodeOptions
    /// Threads for `pipeline` (its `--workers`) and for the in-memory stages `parse`, `render`,
    /// `tokenize` and `encode`, which split the records into this many contiguous parts. The
    /// reading stages run on one thread, as the pipeline's reader does; `write` too.
    public var workers: Int
    /// Timed runs per stage (K); the report gives their median and min–max.
    public var repeats: Int
    /// The directory `write` and `pipeline` write into, created by the run and removed with
    /// everything in it at the end; it must not exist yet. nil: a fresh one under the system's
    /// temporary directory. (The CLI names it so that Ctrl-C can remove it.)
    public var scratchDirectory: String?

    public init(inputs: [InputFile], options: EncodeOptions = EncodeOptions(), workers: Int = 1, repeats: Int = 3) {
        precondition(workers >= 1 && repeats >= 1)
        self.inputs = inputs
        self.options = options
        self.workers = workers
        self.repeats = repeats
    }
}
