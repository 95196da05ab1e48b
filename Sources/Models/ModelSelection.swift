import ChatTemplate
import Foundation
import GLM4
import Tokenizer

/// The user's choice of model: `--model DIR`, `--tokenizer FILE.tiktoken`, `--template NAME`,
/// or nothing (the bundled GLM-4).
public struct ModelSelection: Sendable, Equatable {
    /// A Hugging Face tokenizer directory (`tokenizer.json` + `tokenizer_config.json`).
    public var directory: String?
    /// A tiktoken-format vocabulary used with GLM-4's special tokens and template.
    public var tiktokenFile: String?
    /// Forces a template family by name instead of recognizing it.
    public var template: String?

    public init(directory: String? = nil, tiktokenFile: String? = nil, template: String? = nil) {
        self.directory = directory
        self.tiktokenFile = tiktokenFile
        self.template = template
    }

    /// The families' names, for help texts and errors.
    public static var familyNames: String { TemplateFamily.all.map(\.name).joined(separator: ", ") }

    /// `path` made absolute (meta.json records it so `inspect` finds the model from anywhere).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// Loads the model: reads and checks every file, builds the tokenizer.
    public func load() throws(ModelError) -> Model {
        if directory != nil && tiktokenFile != nil {
            throw ModelError("--model and --tokenizer both name a vocabulary: give one")
        }
        var forced: TemplateFamily?
        if let template {
            guard let f = TemplateFamily.named(template) else {
                throw ModelError("--template \(template): unknown family; supported: \(Self.familyNames)")
            }
            forced = f
        }
        if let directory { return try HuggingFaceDirectory.load(Self.absolute(directory), template: forced) }
        let tokenizer: Tokenizer
        do {
            tokenizer = try tiktokenFile.map { try GLM4.loadTokenizer(vocabularyPath: $0) } ?? GLM4.loadTokenizer()
        } catch {
            let text = "\(error)"
            let source = tiktokenFile ?? "bundled GLM-4 tokenizer"
            throw ModelError(text.hasPrefix(source) ? text : "\(source): \(text)")
        }
        let provenance = ModelProvenance(
            kind: tiktokenFile == nil ? .bundled : .tiktoken, path: tiktokenFile.map(Self.absolute),
            files: [tiktokenFile.map { ($0 as NSString).lastPathComponent } ?? "tokenizer.model": tokenizer.sha256],
            chatTemplateSHA256: nil, pattern: PreTokenizerPattern.cl100k.rawValue, normalizer: Normalizer.none.rawValue)
        return Model(tokenizer: tokenizer, family: forced ?? .glm4, provenance: provenance, unrecognized: nil)
    }
}
