import Dispatch
import Foundation
import JSONLines

/// The writer side of an `EncodeJob`: puts batch results back in sequence order and writes
/// them. Every method runs on the job's serial writer queue, so no locking is needed.
final class OrderedWriter<Encoder: RecordEncoder>: @unchecked Sendable {
    private unowned let job: EncodeJob<Encoder>
    private let output: OutputFiles
    private let configuration: PipelineConfiguration
    private let start: Double
    /// Returned once per written (or dropped) batch; set before the reader starts.
    var inFlight: DispatchSemaphore!
    /// Signalled once, when `outcome` is set.
    let done = DispatchSemaphore(value: 0)
    private(set) var outcome: Result<PipelineSummary, PipelineError>?

    /// Results that arrived before their turn, by sequence number (at most `batchesInFlight`).
    private var pending: [Int: EncodedBatch] = [:]
    private var next = 0
    private var totalBatches: Int?
    private var readFailure: PipelineError?
    /// The first failure in input order (a bad record under `--on-error fail`, a write error).
    private var failure: PipelineError?
    private var summary = PipelineSummary()
    /// `file:line: reason` of the first skipped record, for the error when none encodes.
    private var firstReject: String?
    private var progress: Progress?
    /// `--pack`: holds one window of records and writes them as bins.
    private var packer: Packer?

    init(job: EncodeJob<Encoder>, output: OutputFiles, start: Double) {
        self.job = job
        self.output = output
        self.configuration = job.configuration
        self.start = start
        packer = configuration.packing.map(Packer.init)
        if configuration.showProgress {
            let sizes = configuration.inputs.map(\.size)
            progress = Progress(totalBytes: sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + $1! }, start: start)
        }
    }

    func accept(_ batch: EncodedBatch) {
        pending[batch.sequence] = batch
        while let b = pending.removeValue(forKey: next) {
            write(b)
            next += 1
            job.batchWritten()
            inFlight.signal()
        }
        finishIfComplete()
    }

    func readerFinished(batches: Int, failure: PipelineError?) {
        totalBatches = batches
        readFailure = failure
        finishIfComplete()
    }

    private func write(_ b: EncodedBatch) {
        guard failure == nil, !job.isCancelled else { return }
        if configuration.onError == .fail, let r = b.rejects.first {
            fail(.record(path: configuration.inputs[Int(r.input)].path, line: r.line, reason: r.reason))
            return
        }
        do {
            for r in b.rejects {
                try output.appendReject(path: configuration.inputs[Int(r.input)].path, line: r.line, reason: r.reason)
            }
            if configuration.evalRows {
                try output.appendExamples(b)
            } else if packer != nil {
                try packer!.add(b, to: output)
            } else {
                try output.append(b)
            }
            summary.examples += b.examples.count
        } catch {
            fail(error)
            return
        }
        if firstReject == nil, let r = b.rejects.first {
            firstReject = "\(configuration.inputs[Int(r.input)].path):\(r.line): \(r.reason)"
        }
        summary.encoded += b.lengths.count
        summary.skipped += b.rejects.count
        summary.blankLines += b.blankLines
        summary.tokens += b.ids.count
        summary.targetTokens += b.targetTokens
        summary.truncatedRecords += b.truncatedRecords
        summary.truncatedTokens += b.truncatedTokens
        summary.truncatedTargets += b.truncatedTargets
        summary.zeroTargetRecords += b.zeroTargetRecords
        summary.rawBytes = b.rawBytesRead
        summary.contentBytes = b.contentBytesRead
        progress?.update(rawBytes: b.rawBytesRead, contentBytes: b.contentBytesRead, records: summary.encoded + summary.skipped, now: monotonicSeconds())
    }

    private func fail(_ error: PipelineError) {
        failure = error
        job.requestStop()
    }

    private func finishIfComplete() {
        guard outcome == nil, let totalBatches, next == totalBatches else { return }
        progress?.clear()
        // Input that held something, of which nothing encoded, is a failed job rather than an
        // empty dataset that looks like success.
        let nothingEncoded: PipelineError? = configuration.failWhenNothingEncoded && summary.encoded == 0 && (summary.skipped > 0 || summary.blankLines > 0)
            ? .nothingEncoded(skipped: summary.skipped, blankLines: summary.blankLines, firstReject: firstReject) : nil
        if let error = failure ?? readFailure ?? (job.isCancelled ? .cancelled : nil) ?? nothingEncoded {
            output.discard()
            outcome = .failure(error)
        } else {
            summary.records = summary.encoded + summary.skipped
            summary.outputFiles = output.finalPaths
            summary.rejectsPath = output.rejectsPath
            do {
                try packer?.flush(to: output)
                try output.commit(meta: Metadata.document(configuration: configuration, summary: summary))
                summary.seconds = monotonicSeconds() - start
                outcome = .success(summary)
            } catch {
                output.discard()
                outcome = .failure(error)
            }
        }
        done.signal()
    }
}
