import ChatTemplate
import Foundation
import Models
import Pipeline
import Tokenizer
import ZstdStream

/// `tokenpack bench`: each stage of the encoding run alone on the same input, K times.
///
/// Order: the reading stages (`decompress`, `split`) from the files; then the records are
/// loaded into memory once and `parse`, `render` (chat), `tokenize` and `encode` run on them
/// (`tokenize` and `encode` alternating slice by slice); `render+label` is derived
/// (`encode − tokenize`, run by run); `write` writes the ids of one
/// untimed encode pass; `pipeline` is a real `EncodeRun` reading the files again. Memory: the
/// decompressed input, about as much again of rendered text, and 4 bytes per id and label.
public enum BenchRun {
    /// Runs every stage. `tokenizer`: one already loaded (tests share one); nil loads the one
    /// `settings.options` names. `progress` hears a line before each stage.
    public static func run(_ settings: BenchSettings, model: Model,
                           progress: (String) -> Void = { _ in }) throws(BenchError) -> BenchReport {
        let tokenizer = model.tokenizer
        let k = settings.repeats, workers = settings.workers
        let chat = settings.options.format == .chat
        var template: (any ConversationTemplate)?
        if chat {
            do throws(ModelError) { template = try model.chatTemplate(settings.options.template) } catch { throw BenchError(error.message) }
        }
        let encoding = InMemoryStages.Encoding(tokenizer: tokenizer, template: template, endOfDocument: model.endOfDocument)
        var stages: [StageResult] = []

        progress("decompress")
        let decompress = try repeated(k) { () throws(BenchError) in
            try reading { () throws(ZstdStreamError) in try ReaderStages.decompress(settings.inputs) }
        }
        stages.append(StageResult(name: "decompress", bytes: decompress.results[0].bytes, tokens: nil, records: 0,
                                  seconds: decompress.results.map(\.seconds), cpuSeconds: decompress.cpu, threads: 1))

        progress("split")
        let splitLines = try repeated(k) { () throws(BenchError) in
            try reading { () throws(ZstdStreamError) in try ReaderStages.splitLines(settings.inputs) }
        }
        stages.append(StageResult(name: "split", bytes: splitLines.results[0].bytes, tokens: nil, records: splitLines.results[0].records,
                                  seconds: splitLines.results.map(\.seconds), cpuSeconds: splitLines.cpu, threads: 1))

        progress("loading records into memory")
        let store = try reading { () throws(ZstdStreamError) in try RecordStore.load(settings.inputs) }
        let bytes = store.contentBytes, records = store.count

        progress("parse")
        let parse = repeated(k) { InMemoryStages.parse(store, parts: workers) }
        stages.append(StageResult(name: "parse", bytes: bytes, tokens: nil, records: records,
                                  seconds: parse.results, cpuSeconds: parse.cpu, threads: workers))

        if chat {
            progress("render")
            let mode = settings.options.labels.mode
            let render = repeated(k) { InMemoryStages.render(store, template: template!, mode: mode, parts: workers) }
            stages.append(StageResult(name: "render", bytes: bytes, tokens: nil, records: records,
                                      seconds: render.results, cpuSeconds: render.cpu, threads: workers))
        }

        progress("rendering the tokenizer's input")
        let input = TokenizerInput.prepare(store, settings.options, template: template)
        progress("encode (untimed pass keeping the ids for write)")
        let kept = InMemoryStages.encode(store, encoders: InMemoryStages.recordEncoders(workers, options: settings.options, encoding: encoding),
                                         parts: workers, keep: true)
        let encoded = kept.encoded!
        // tokenize and encode alternate slice by slice (about 1 MB of JSONL, tens of ms each),
        // and each run sums its slices, so both see the same machine: on a shared 2-core
        // machine, K tokenize runs followed by K encode runs put any change in the neighbours'
        // load between the two blocks into `render+label` (medians from −4% to +43% that way,
        // while its instruction share stayed 23–31%), and alternating whole runs of a second
        // each still left medians from 8% to 20% for the same build. Each run makes its
        // encoders once and keeps them across its slices, as a pipeline worker keeps its own
        // for a whole run: fresh ones per slice started every 1 MB with an empty piece cache
        // (4 MB to write again) and read 27-33% fewer MB per CPU-second on 20 MB of chat.
        progress("tokenize and encode, alternating")
        var tokenizeRuns: [(seconds: Double, bytes: Int, tokens: Int)] = [], tokenizeCPU: [Double] = []
        var encodeRuns: [(seconds: Double, tokens: Int, encoded: EncodedCorpus?)] = [], encodeCPU: [Double] = []
        let slices = store.slices(ofAtLeast: Self.pairedSliceBytes)
        for _ in 0 ..< k {
            var t = (seconds: 0.0, bytes: 0, tokens: 0), tCPU = 0.0
            var e = (seconds: 0.0, tokens: 0, encoded: EncodedCorpus?.none), eCPU = 0.0
            let tokenEncoders = PartLocal(workers) { tokenizer.makeEncoder() }
            let recordEncoders = InMemoryStages.recordEncoders(workers, options: settings.options, encoding: encoding)
            for slice in slices {
                let ts = repeated(1) { InMemoryStages.tokenize(input, records: input.records(from: slice), encoders: tokenEncoders, parts: workers) }
                t.seconds += ts.results[0].seconds
                t.bytes += ts.results[0].bytes
                t.tokens += ts.results[0].tokens
                tCPU += ts.cpu[0]
                let es = repeated(1) { InMemoryStages.encode(store, records: slice, encoders: recordEncoders, parts: workers) }
                e.seconds += es.results[0].seconds
                e.tokens += es.results[0].tokens
                eCPU += es.cpu[0]
            }
            tokenizeRuns.append(t)
            tokenizeCPU.append(tCPU)
            encodeRuns.append(e)
            encodeCPU.append(eCPU)
        }
        let tokenizeStage = StageResult(name: "tokenize", bytes: tokenizeRuns[0].bytes, tokens: tokenizeRuns[0].tokens,
                                        records: input.recordCount, seconds: tokenizeRuns.map(\.seconds),
                                        cpuSeconds: tokenizeCPU, threads: workers)
        stages.append(tokenizeStage)
        let encodeStage = StageResult(name: "encode", bytes: bytes, tokens: encodeRuns[0].tokens, records: records,
                                      seconds: encodeRuns.map(\.seconds), cpuSeconds: encodeCPU, threads: workers)
        stages.append(encodeStage)

        if chat {
            let derived = StageResult.renderLabel(encode: encodeStage, tokenize: tokenizeStage)
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
        let write = try repeated(k) { () throws(BenchError) in try OutputStages.write(encoded, directory: directory) }
        var writeStage = StageResult(name: "write", bytes: bytes, tokens: encoded.tokens, records: encoded.sequenceCount,
                                     seconds: write.results.map(\.seconds), cpuSeconds: write.cpu, threads: 1)
        writeStage.outputBytes = write.results[0].binBytes
        stages.append(writeStage)

        progress("pipeline")
        let pipeline = try repeated(k) { () throws(BenchError) in
            try OutputStages.pipeline(settings, model: model, directory: directory)
        }
        let s = pipeline.results[0].summary
        stages.append(StageResult(name: "pipeline", bytes: s.contentBytes, tokens: s.tokens, records: s.records,
                                  seconds: pipeline.results.map(\.seconds), cpuSeconds: pipeline.cpu, threads: workers))

        return BenchReport(
            inputs: settings.inputs.map(\.path), format: settings.options.format.rawValue,
            inputBytes: bytes, compressedBytes: store.rawBytes, records: records, tokens: encodeStage.tokens ?? 0,
            workers: workers, repeats: k, cores: ProcessInfo.processInfo.activeProcessorCount, stages: stages)
    }

    /// The JSONL bytes of one slice in the paired tokenize/encode timing.
    static let pairedSliceBytes = 1 << 20

    /// A fresh path under the system's temporary directory: `tokenpack-bench-PID-RANDOM`.
    public static func defaultScratchDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("tokenpack-bench-\(getpid())-\(UInt32.random(in: 0 ... .max))").path
    }

    /// Runs `body` `k` times; returns the results and the process CPU seconds (user + system,
    /// all threads) of each run. On a shared machine CPU time shows the work done when wall
    /// time shows mostly the neighbours.
    private static func repeated<T, E: Error>(_ k: Int, _ body: () throws(E) -> T) throws(E) -> (results: [T], cpu: [Double]) {
        var results: [T] = [], cpu: [Double] = []
        for _ in 0 ..< k {
            let before = processCPUSeconds()
            results.append(try body())
            cpu.append(processCPUSeconds() - before)
        }
        return (results, cpu)
    }

    private static func reading<T>(_ body: () throws(ZstdStreamError) -> T) throws(BenchError) -> T {
        do throws(ZstdStreamError) { return try body() } catch { throw BenchError(error.description) }
    }
}
