import ChatTemplate
import Foundation
import Tokenizer

/// One model, chosen once at the edge (the CLI) and handed down: its tokenizer (vocabulary,
/// pre-tokenizer pattern, normalizer, special tokens) and, for chat, its family's template and
/// label rule. Nothing below the CLI asks which model this is.
public struct Model: Sendable {
    public let tokenizer: Tokenizer
    /// The chat template family, or nil when the model's chat template is none we know (then
    /// only `--format text` can use it; `chatTemplate()` says why).
    public let family: TemplateFamily?
    /// Where the model came from, as `meta.json` records it.
    public let provenance: ModelProvenance
    /// The error for a chat job when `family` is nil.
    let unrecognized: String?

    /// The family's template over this tokenizer's special tokens.
    public func chatTemplate(_ options: TemplateOptions = TemplateOptions()) throws(ModelError) -> any ConversationTemplate {
        guard let family else { throw ModelError(unrecognized ?? "no chat template") }
        let t = tokenizer
        do {
            return try family.makeTemplate(SpecialTokenLookup { t.specialTokenID($0) }, options: options)
        } catch {
            throw ModelError("\(provenance.path ?? "model"): \(error.message)")
        }
    }

    /// The end-of-document token for `--append-eod` (`<|endoftext|>`), if the model has one.
    public var endOfDocument: Int32? { tokenizer.specialTokenID("<|endoftext|>") }
}

/// What `meta.json` says about the model, so `inspect` and `verify` can load the same one and
/// a rerun can be checked against it.
public struct ModelProvenance: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The GLM-4 files inside the tokenpack binary.
        case bundled
        /// A tiktoken-format vocabulary file (`--tokenizer`), GLM-4's special tokens after it.
        case tiktoken
        /// A Hugging Face tokenizer directory (`--model`).
        case huggingFace = "huggingface"
    }

    public var kind: Kind
    /// The file or directory given; nil for the bundled model.
    public var path: String?
    /// sha256 of each file read, by file name.
    public var files: [String: String]
    /// sha256 of the chat template's text (UTF-8), when the model has one.
    public var chatTemplateSHA256: String?
    public var pattern: String
    public var normalizer: String
}

public struct ModelError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
