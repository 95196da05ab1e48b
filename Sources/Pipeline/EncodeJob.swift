import Dispatch
import Foundation
import JSONLines
import ZstdStream

/// One `tokenpack encode` run: read → encode in parallel → write in input order.
///
/// Threads and ordering (DESIGN.md "Pipeline"):
/// - a reader thread cuts the inputs into `LineBatch`es numbered 0, 1, 2, …;
/// - each batch runs on a concurrent Dispatch queue with an encoder taken from a pool of
///   `workers` encoders (the `workerSlots` semaphore keeps at most that many running);
/// - results go to one serial writer queue that holds early arrivals until their turn and
///   writes strictly by sequence number, so files and rejects are the same for any worker count;
/// - the reader takes an `inFlight` slot before reading a batch and the writer returns it after
///   writing that batch, so at most `batchesInFlight` batches exist at once whatever the input
///   size: memory is bounded by about batchesInFlight × (batch input + its tokens).
public final class EncodeJob<Encoder: RecordEncoder>: @unchecked Sendable {
    public let configuration: PipelineConfiguration
    private let makeEncoder: () throws -> Encoder
    private let lock = NSLock()
    /// Set by `cancel()`; guarded by `lock`.
    private var cancelled = false
    /// Set when the job has failed and reading should stop; guarded by `lock`.
    private var stopRequested = false
    private var started = false
    /// Batches read and not yet written, and the most there ever were; guarded by `lock`.
    /// The memory bound in numbers: tests check `peakBatchesInFlight <= batchesInFlight`.
    private var batchesAlive = 0
    private(set) var peakBatchesInFlight = 0

    public init(configuration: PipelineConfiguration, makeEncoder: @escaping () throws -> Encoder) {
        precondition(configuration.workers >= 1, "at least one worker")
        self.configuration = configuration
        self.makeEncoder = makeEncoder
    }

    /// Stops the job as soon as possible; `run()` then removes its temporary files and throws
    /// `.cancelled`. Safe from any thread (the CLI calls it on SIGINT).
    public func cancel() { lock.withLock { cancelled = true } }

    var isCancelled: Bool { lock.withLock { cancelled } }
    var shouldStopReading: Bool { lock.withLock { cancelled || stopRequested } }
    func requestStop() { lock.withLock { stopRequested = true } }
    func batchRead() { lock.withLock { batchesAlive += 1; peakBatchesInFlight = max(peakBatchesInFlight, batchesAlive) } }
    func batchWritten() { lock.withLock { batchesAlive -= 1 } }

    /// Runs the job to the end; call once. On success every output file is under its final
    /// name; on any error none is (temporary files are removed).
    public func run() throws(PipelineError) -> PipelineSummary {
        lock.withLock {
            precondition(!started, "EncodeJob.run() called twice")
            started = true
        }
        let start = monotonicSeconds()
        var workers: [Worker<Encoder>] = []
        do {
            for _ in 0 ..< configuration.workers {
                workers.append(Worker(encoder: try makeEncoder(), validateUTF8: configuration.validateUTF8))
            }
        } catch {
            throw .setup(message: "cannot set up the encoder: \(error)")
        }
        let output = try OutputFiles(prefix: configuration.outputPrefix, withLabels: workers[0].encoder.producesLabels,
                                     secondName: configuration.secondArrayName)
        let writer = OrderedWriter(job: self, output: output, start: start)
        let pool = WorkerPool(workers)
        let inFlight = DispatchSemaphore(value: configuration.batchesInFlight)
        let workerSlots = DispatchSemaphore(value: configuration.workers)
        let workQueue = DispatchQueue(label: "tokenpack.encode.workers", qos: .userInitiated, attributes: .concurrent)
        let writerQueue = DispatchQueue(label: "tokenpack.encode.writer", qos: .userInitiated)
        writer.inFlight = inFlight

        let config = configuration
        let readerThread = Thread { [self] in
            let reader = LineReader(inputs: config.inputs, pieces: config.pieces, batchBytes: config.batchBytes, batchRecords: config.batchRecords, maxRecordBytes: config.maxRecordBytes)
            var count = 0
            var failure: PipelineError?
            while true {
                inFlight.wait()
                if shouldStopReading { inFlight.signal(); break }
                let next: LineBatch?
                do throws(ZstdStreamError) {
                    next = try reader.nextBatch()
                } catch {
                    failure = .input(path: error.path, message: error.description)
                    inFlight.signal()
                    break
                }
                guard let batch = next else { inFlight.signal(); break }
                batchRead()
                count += 1
                workerSlots.wait()
                workQueue.async {
                    let worker = pool.take()
                    let result = worker.encode(batch)
                    pool.put(worker)
                    workerSlots.signal()
                    writerQueue.async { writer.accept(result) }
                }
            }
            let total = count, readFailure = failure
            writerQueue.async { writer.readerFinished(batches: total, failure: readFailure) }
        }
        readerThread.name = "tokenpack.encode.reader"
        readerThread.start()
        writer.done.wait()
        switch writer.outcome! {
        case .success(let summary): return summary
        case .failure(let error): throw error
        }
    }
}

/// Encoders not currently in use. At most `workers` batches run at once (`workerSlots`), so
/// `take()` always finds one.
final class WorkerPool<Encoder: RecordEncoder>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Worker<Encoder>]

    init(_ workers: [Worker<Encoder>]) { idle = workers }

    func take() -> Worker<Encoder> {
        lock.withLock {
            guard let w = idle.popLast() else { preconditionFailure("more batches running than workers") }
            return w
        }
    }

    func put(_ w: Worker<Encoder>) { lock.withLock { idle.append(w) } }
}

func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
