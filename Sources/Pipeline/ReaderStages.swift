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
        /// Tokens produced (`encodeOnly` only).
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

    /// One encoder over every record, on this thread, timing only the encoding (reading is
    /// excluded; nothing is written): the per-core ceiling the pipeline is measured against.
    public static func encodeOnly(_ inputs: [InputFile], options: EncodeOptions, tokenizer: Tokenizer) throws(ZstdStreamError) -> Measurement {
        var m = Measurement()
        let reader = LineReader(inputs: inputs)
        switch options.format {
        case .chat:
            let w = Worker(encoder: ChatEncoding(inner: .init(tokenizer: tokenizer, options: options.labels)), validateUTF8: false)
            try time(reader, w, &m)
        case .text:
            let w = Worker(encoder: TextEncoding(inner: .init(tokenizer: tokenizer, textKey: options.textKey, appendEOD: options.appendEOD, specials: options.specialTokens)), validateUTF8: false)
            try time(reader, w, &m)
        }
        return m
    }

    private static func time<E: RecordEncoder>(_ reader: LineReader, _ worker: Worker<E>, _ m: inout Measurement) throws(ZstdStreamError) {
        while let batch = try reader.nextBatch() {
            let start = monotonicSeconds()
            let out = worker.encode(batch)
            m.seconds += monotonicSeconds() - start
            m.records += batch.records.count
            m.tokens += out.ids.count
            m.bytes = batch.contentBytesRead
        }
    }
}
