import Foundation
import Models
import PackedFormat
import Pipeline
import Tokenizer

/// The stages that write files, into a temporary directory removed afterwards.
enum OutputStages {
    /// `PackedWriter` of every encoded sequence (ids, and labels for chat), from opening the
    /// files to the synced `.idx`; the files are then discarded. Returns seconds and `.bin` bytes.
    static func write(_ encoded: EncodedCorpus, directory: String) throws(BenchError) -> (seconds: Double, binBytes: Int) {
        let prefix = directory + "/write"
        let start = monotonicSeconds()
        var writers: [PackedWriter] = []
        defer { for w in writers { w.discard() } }
        do throws(PackedFormatError) {
            writers.append(try PackedWriter(prefix: prefix, name: "input_ids"))
            if !encoded.labels.isEmpty { writers.append(try PackedWriter(prefix: prefix, name: "labels")) }
            for (w, values) in zip(writers, [encoded.ids, encoded.labels]) {
                try values.withUnsafeBufferPointer { (all) throws(PackedFormatError) in
                    for i in 0 ..< encoded.sequenceCount {
                        // SAFETY: offsets is non-decreasing, from 0 to ids.count (EncodedCorpus).
                        try w.append(UnsafeBufferPointer(rebasing: all[encoded.offsets[i] ..< encoded.offsets[i + 1]]))
                    }
                }
                try w.finish()
            }
        } catch {
            throw BenchError("write stage: \(error)")
        }
        let seconds = monotonicSeconds() - start
        return (seconds, writers.count * encoded.ids.count * 4)
    }

    /// One real `EncodeRun` (what `tokenpack encode` builds) into `directory/pipeline`; its
    /// output files are removed afterwards.
    static func pipeline(_ settings: BenchSettings, model: Model, directory: String) throws(BenchError) -> (seconds: Double, summary: PipelineSummary) {
        let configuration = PipelineConfiguration(inputs: settings.inputs, outputPrefix: directory + "/pipeline", workers: settings.workers)
        let start = monotonicSeconds()
        let summary: PipelineSummary
        do throws(PipelineError) {
            let run = try EncodeRun(model: model, options: settings.options, configuration: configuration, version: "bench")
            summary = try run.run()
        } catch {
            throw BenchError("pipeline stage: \(error)")
        }
        let seconds = monotonicSeconds() - start
        for path in summary.outputFiles + [summary.rejectsPath] where !path.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
        }
        return (seconds, summary)
    }
}
