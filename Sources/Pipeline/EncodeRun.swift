import ChatTemplate
import Labels
import Models
import Tokenizer

/// An encode job set up from a `Model` and `EncodeOptions`: makes the per-worker encoders and
/// fills `meta.json`'s description of the encoding. The CLI's single entry point.
public final class EncodeRun: @unchecked Sendable {
    private let runBody: () throws(PipelineError) -> PipelineSummary
    private let cancelBody: @Sendable () -> Void
    public let model: Model
    public let options: EncodeOptions
    public var tokenizer: Tokenizer { model.tokenizer }
    /// The job's configuration with meta.json's encoding fields filled in.
    public let configuration: PipelineConfiguration

    /// - Parameter version: Tokenpack's version, recorded in `meta.json`.
    public init(model: Model, options: EncodeOptions, configuration: PipelineConfiguration, version: String) throws(PipelineError) {
        self.model = model
        var options = options
        var configuration = configuration
        if let pack = options.packing {
            guard options.format == .chat else { throw .setup(message: "--pack applies to chat data") }
            guard pack.capacity >= 1, pack.window >= 1 else { throw .setup(message: "--pack and --pack-window must be at least 1") }
            // A record longer than a bin is cut to it, counted like any cut.
            options.labels.maxLength = min(options.labels.maxLength ?? pack.capacity, pack.capacity)
            configuration.packing = pack
        }
        // JSONScanner checks UTF-8 as it parses, so the pipeline's own pass would be redundant.
        configuration.validateUTF8 = false
        let tokenizer = model.tokenizer
        var template: (any ConversationTemplate)?
        if options.format == .chat {
            do { template = try model.chatTemplate(options.template) } catch { throw .setup(message: error.message) }
            if options.template.date != nil && template?.date == nil {
                throw .setup(message: "--template-date: the \(template!.family.name) template prints no date")
            }
        }
        var grammar: TurnGrammar?
        if options.eval {
            guard let t = template, options.packing == nil else { throw .setup(message: "--eval applies to chat data, without --pack") }
            guard let g = (t as? any TurnGrammarProviding)?.turnGrammar else {
                throw .setup(message: "--eval: the \(t.family.name) family states no turn grammar, so its model turns cannot be found")
            }
            grammar = g
            // The official eval cuts prompt and answer by the pair, not the sequence by max_length.
            if options.labels.maxLength == nil { options.lengthPair = nil }
            options.labels.maxLength = nil
            configuration.evalRows = true
        }
        self.options = options
        configuration.metadata.merge(Self.metadata(options, model, template?.family.name, version)) { _, new in new }
        // The date the template printed (given, or the run's start date), so a rerun can reproduce the file.
        if let date = template?.date { configuration.metadata["template_date"] = .string(date.description) }
        self.configuration = configuration
        switch options.format {
        case .chat where options.eval:
            let (template, grammar, mode, pair) = (template!, grammar!, options.labels.mode, options.lengthPair)
            let job = EncodeJob(configuration: configuration) {
                EvalEncoding(inner: EvalRecordEncoder(tokenizer: tokenizer, template: template, grammar: grammar, mode: mode,
                                                      maxInputLength: pair?.input, maxOutputLength: pair?.output))
            }
            runBody = job.run
            cancelBody = job.cancel
        case .chat:
            let template = template!
            let labelOptions = options.labels
            let job = EncodeJob(configuration: configuration) {
                ChatEncoding(inner: ChatRecordEncoder(tokenizer: tokenizer, template: template, options: labelOptions))
            }
            runBody = job.run
            cancelBody = job.cancel
        case .text:
            let o = options
            let eod = model.endOfDocument
            if o.appendEOD && eod == nil { throw .setup(message: "--append-eod: the model has no <|endoftext|> token") }
            let job = EncodeJob(configuration: configuration) {
                TextEncoding(inner: TextRecordEncoder(tokenizer: tokenizer, textKey: o.textKey, endOfDocument: o.appendEOD ? eod : nil, specials: o.specialTokens))
            }
            runBody = job.run
            cancelBody = job.cancel
        }
    }

    public func run() throws(PipelineError) -> PipelineSummary { try runBody() }

    /// Safe from any thread, e.g. a SIGINT handler's queue.
    public func cancel() { cancelBody() }

    static func metadata(_ o: EncodeOptions, _ model: Model, _ template: String?, _ version: String) -> [String: MetaValue] {
        let t = model.tokenizer
        let p = model.provenance
        var modelFields: [String: MetaValue] = [
            "source": .string(p.kind.rawValue),
            "files": .object(p.files.mapValues { .string($0) }),
            "pattern": .string(p.pattern),
            "normalizer": .string(p.normalizer),
        ]
        if let path = p.path { modelFields["path"] = .string(path) }
        if let family = model.family { modelFields["family"] = .string(family.name) }
        if let sha = p.chatTemplateSHA256 { modelFields["chat_template_sha256"] = .string(sha) }
        var m: [String: MetaValue] = [
            "tokenpack_version": .string(version),
            "format": .string(o.format.rawValue),
            "model": .object(modelFields),
            "tokenizer": .object([
                "sha256": .string(t.sha256),
                "source": .string(p.path ?? "bundled GLM-4 (glm-4-9b-chat tokenizer.model)"),
                "vocabulary_size": .int(t.vocabularySize),
            ]),
        ]
        switch o.format {
        case .chat:
            m["template"] = .string(template ?? "")
            m["mode"] = .string(o.labels.mode.rawValue)
            m["input_format"] = .string(o.template.inputFormat.rawValue)
            if let pair = o.lengthPair {
                m["max_input_length"] = .int(pair.input)
                m["max_output_length"] = .int(pair.output)
            }
            m["truncate"] = .bool(o.labels.maxLength != nil || (o.eval && o.lengthPair != nil))
            if o.eval { m["eval"] = .bool(true) }
            if let max = o.labels.maxLength { m["max_length"] = .int(max) }
            if let p = o.packing {
                m["pack"] = .int(p.capacity)
                m["pack_window"] = .int(p.window)
            }
        case .text:
            m["text_key"] = .string(o.textKey)
            m["append_eod"] = .bool(o.appendEOD)
            m["special_tokens"] = .bool(o.specialTokens)
        }
        return m
    }
}
