import GLM4
import Labels
import Tokenizer

/// An encode job set up from `EncodeOptions`: loads the tokenizer, makes the per-worker
/// encoders and fills `meta.json`'s description of the encoding. The CLI's single entry point.
public final class EncodeRun: @unchecked Sendable {
    private let runBody: () throws(PipelineError) -> PipelineSummary
    private let cancelBody: @Sendable () -> Void
    public let tokenizer: Tokenizer
    public let options: EncodeOptions
    /// The job's configuration with meta.json's encoding fields filled in.
    public let configuration: PipelineConfiguration

    /// - Parameters:
    ///   - version: Tokenpack's version, recorded in `meta.json`.
    ///   - tokenizer: one already loaded from `options.tokenizerPath` (tests share one);
    ///     nil loads it here.
    public init(options: EncodeOptions, configuration: PipelineConfiguration, version: String, tokenizer preloaded: Tokenizer? = nil) throws(PipelineError) {
        self.options = options
        let tokenizer: Tokenizer
        if let preloaded { tokenizer = preloaded } else { tokenizer = try Self.loadTokenizer(path: options.tokenizerPath) }
        self.tokenizer = tokenizer
        var configuration = configuration
        // JSONScanner checks UTF-8 as it parses, so the pipeline's own pass would be redundant.
        configuration.validateUTF8 = false
        configuration.metadata.merge(Self.metadata(options, tokenizer, version)) { _, new in new }
        self.configuration = configuration
        switch options.format {
        case .chat:
            let labelOptions = options.labels
            let job = EncodeJob(configuration: configuration) {
                ChatEncoding(inner: ChatRecordEncoder(tokenizer: tokenizer, options: labelOptions))
            }
            runBody = job.run
            cancelBody = job.cancel
        case .text:
            let o = options
            let job = EncodeJob(configuration: configuration) {
                TextEncoding(inner: TextRecordEncoder(tokenizer: tokenizer, textKey: o.textKey, appendEOD: o.appendEOD, specials: o.specialTokens))
            }
            runBody = job.run
            cancelBody = job.cancel
        }
    }

    /// The tokenizer at `path` (tiktoken format, GLM-4's special tokens), or the bundled GLM-4
    /// one with its sha256 checked when `path` is nil.
    public static func loadTokenizer(path: String?) throws(PipelineError) -> Tokenizer {
        do {
            return try path.map { try GLM4.loadTokenizer(vocabularyPath: $0) } ?? GLM4.loadTokenizer()
        } catch {
            let text = "\(error)"
            let source = path ?? "bundled GLM-4 tokenizer"
            throw .setup(message: text.hasPrefix(source) ? text : "\(source): \(text)")
        }
    }

    public func run() throws(PipelineError) -> PipelineSummary { try runBody() }

    /// Safe from any thread, e.g. a SIGINT handler's queue.
    public func cancel() { cancelBody() }

    static func metadata(_ o: EncodeOptions, _ t: Tokenizer, _ version: String) -> [String: MetaValue] {
        var m: [String: MetaValue] = [
            "tokenpack_version": .string(version),
            "format": .string(o.format.rawValue),
            "tokenizer": .object([
                "sha256": .string(t.sha256),
                "source": .string(o.tokenizerPath ?? "bundled GLM-4 (glm-4-9b-chat tokenizer.model)"),
                "vocabulary_size": .int(t.vocabularySize),
            ]),
        ]
        switch o.format {
        case .chat:
            m["template"] = .string("glm4")
            m["mode"] = .string(o.labels.mode.rawValue)
            m["max_input_length"] = .int(o.labels.maxInputLength)
            m["max_output_length"] = .int(o.labels.maxOutputLength)
            m["truncate"] = .bool(o.labels.truncate)
            if let max = o.labels.maxLength { m["max_length"] = .int(max) }
        case .text:
            m["text_key"] = .string(o.textKey)
            m["append_eod"] = .bool(o.appendEOD)
            m["special_tokens"] = .bool(o.specialTokens)
        }
        return m
    }
}
