import ChatTemplate
import Foundation
import Pipeline
import Tokenizer
import ZstdStream

/// `tokenpack bench`: each stage of the encoding run alone on the same input, K times.
///
/// Order: the reading stages (`decompress`, `split`) from the files; then the records are
/// loaded into memory once and `parse`, `render` (chat), `tokenize` and `encode` run on them;
/// `render+label` is derived (`encode − tokenize`, run by run); `write` writes the ids of one
/// untimed encode pass; `pipeline` is a real `EncodeRun` reading the files again. Memory: the
/// decompressed input, about as much again of rendered text, and 4 bytes per id and label.
public enum BenchRun {
    /// Runs every stage. `tokenizer`: one already loaded (tests share one); nil loads the one
    /// `settings.options` names. `progress` hears a line before each stage.
    public static func run(_ settings: BenchSettings, tokenizer preloaded: Tokenizer? = nil,
                           progress: (String) -> Void = { _ in }) throws(BenchError) -> BenchReport {
        let tokenizer: Tokenizer
        if let preloaded { tokenizer = preloaded } else {
            do throws(PipelineError) { tokenizer = try EncodeRun.loadTokenizer(path: settings.options.tokenizerPath) } catch {
                throw BenchError("\(error)")
            }
        }
        let k = settings.repeats, workers = settings.workers
        let chat = settings.options.format == .chat
        var stages: [StageResult] = []

        progress("decompress")
        var runs: [ReaderStages.Measurement] = []
        for _ in 0 ..< k { runs.append(try reading { () throws(ZstdStreamError) in try ReaderStages.decompress(settings.inputs) }) }
        stages.append(StageResult(name: "decompress", bytes: runs[0].bytes, tokens: nil, records: 0, seconds: runs.map(\.seconds), threads: 1))

        progress("split")
        runs = []
        for _ in 0 ..< k { runs.append(try reading { () throws(ZstdStreamError) in try ReaderStages.splitLines(settings.inputs) }) }
        stages.append(StageResult(name: "split", bytes: runs[0].bytes, tokens: nil, records: runs[0].records, seconds: runs.map(\.seconds), threads: 1))

        progress("loading records into memory")
        let store = try reading { () throws(ZstdStreamError) in try RecordStore.load(settings.inputs) }
        let bytes = store.contentBytes, records = store.count

        progress("parse")
        let parse = (0 ..< k).map { _ in InMemoryStages.parse(store, parts: workers) }
        stages.append(StageResult(name: "parse", bytes: bytes, tokens: nil, records: records, seconds: parse, threads: workers))

        if chat {
            progress("render")
            let mode: RenderMode = settings.options.labels.mode == .perTurn ? .eachMessage : .wholeConversation
            let render = (0 ..< k).map { _ in InMemoryStages.render(store, mode: mode, parts: workers) }
            stages.append(StageResult(name: "render", bytes: bytes, tokens: nil, records: records, seconds: render, threads: workers))
        }

        progress("rendering the tokenizer's input")
        let input = TokenizerInput.prepare(store, settings.options)
        progress("tokenize")
        let tokenize = (0 ..< k).map { _ in InMemoryStages.tokenize(input, tokenizer: tokenizer, parts: workers) }
        let tokenizeStage = StageResult(name: "tokenize", bytes: tokenize[0].bytes, tokens: tokenize[0].tokens,
                                        records: input.recordCount, seconds: tokenize.map(\.seconds), threads: workers)
        stages.append(tokenizeStage)

        progress("encode (untimed pass keeping the ids for write)")
        let kept = InMemoryStages.encode(store, options: settings.options, tokenizer: tokenizer, parts: workers, keep: true)
        let encoded = kept.encoded!
        progress("encode")
        let encode = (0 ..< k).map { _ in InMemoryStages.encode(store, options: settings.options, tokenizer: tokenizer, parts: workers) }
        let encodeStage = StageResult(name: "encode", bytes: bytes, tokens: encode[0].tokens, records: records,
                                      seconds: encode.map(\.seconds), threads: workers)
        stages.append(encodeStage)

        if chat {
            var derived = StageResult(name: "render+label", bytes: bytes, tokens: nil, records: records,
                                      seconds: zip(encode, tokenize).map { max(0, $0.seconds - $1.seconds) }, threads: workers)
            derived.derived = true
            let t = tokenizeStage.medianSeconds
            derived.overheadVsTokenize = t > 0 ? (encodeStage.medianSeconds - t) / t : nil
            stages.append(derived)
        }

        let directory = settings.scratchDirectory ?? defaultScratchDirectory()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        } catch {
            throw BenchError("cannot create a temporary directory \(directory): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }

        progress("write")
        var write: [(seconds: Double, binBytes: Int)] = []
        for _ in 0 ..< k { write.append(try OutputStages.write(encoded, directory: directory)) }
        var writeStage = StageResult(name: "write", bytes: bytes, tokens: encoded.tokens, records: encoded.sequenceCount,
                                     seconds: write.map(\.seconds), threads: 1)
        writeStage.outputBytes = write[0].binBytes
        stages.append(writeStage)

        progress("pipeline")
        var pipeline: [(seconds: Double, summary: PipelineSummary)] = []
        for _ in 0 ..< k { pipeline.append(try OutputStages.pipeline(settings, tokenizer: tokenizer, directory: directory)) }
        let s = pipeline[0].summary
        stages.append(StageResult(name: "pipeline", bytes: s.contentBytes, tokens: s.tokens, records: s.records,
                                  seconds: pipeline.map(\.seconds), threads: workers))

        return BenchReport(
            inputs: settings.inputs.map(\.path), format: settings.options.format.rawValue,
            inputBytes: bytes, compressedBytes: store.rawBytes, records: records, tokens: encodeStage.tokens ?? 0,
            workers: workers, repeats: k, cores: ProcessInfo.processInfo.activeProcessorCount, stages: stages)
    }

    /// A fresh path under the system's temporary directory: `tokenpack-bench-PID-RANDOM`.
    public static func defaultScratchDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("tokenpack-bench-\(getpid())-\(UInt32.random(in: 0 ... .max))").path
    }

    private static func reading<T>(_ body: () throws(ZstdStreamError) -> T) throws(BenchError) -> T {
        do throws(ZstdStreamError) { return try body() } catch { throw BenchError(error.description) }
    }
}
