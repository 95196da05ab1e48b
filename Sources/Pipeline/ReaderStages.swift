import JSONLines
import Tokenizer
import ZstdStream

/// The pipeline's stages one at a time, for benchmarks (`tokenpack bench`): how fast the input
/// side runs without encoding, and how fast one encoder runs without the pipeline around it.
public enum ReaderStages {
    public struct Measurement: Sendable, Equatable {
        /// Content bytes (decompressed JSONL) processed.
        public var bytes = 0
        /// Records seen (0 for `decompress`).
        public var records = 0
        public var tokens = 0
        public var seconds = 0.0
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
    }

    /// Reads (and decompresses) every input into one reused buffer: the `ZstdStream` stage.
    public static func decompress(_ inputs: [InputFile], bufferSize: Int = 1 << 20) throws(ZstdStreamError) -> Measurement {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var m = Measurement()
        let start = monotonicSeconds()
        for input in inputs {
            let source = try ByteSource(path: input.path)
            while case let n = try source.read(into: buffer), n > 0 { m.bytes += n }
        }
        m.seconds = monotonicSeconds() - start
        return m
    }

    /// Decompresses and cuts every input into batches of records: `ZstdStream` + `JSONLines`,
    /// what the pipeline's reader thread does.
    public static func splitLines(_ inputs: [InputFile], batchBytes: Int = 1 << 20) throws(ZstdStreamError) -> Measurement {
        var m = Measurement()
        let start = monotonicSeconds()
        let reader = LineReader(inputs: inputs, batchBytes: batchBytes)
        while let batch = try reader.nextBatch() {
            m.records += batch.records.count
            m.bytes = batch.contentBytesRead
        }
        m.seconds = monotonicSeconds() - start
        return m
    }
}
