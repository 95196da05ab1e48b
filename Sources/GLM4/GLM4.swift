import Foundation

/// The GLM-4-9B-chat files bundled with Tokenpack, so the main job needs nothing outside the repo.
public enum GLM4 {
    /// `tokenizer.model`: the vocabulary in tiktoken format (`<base64> <rank>` per line).
    public static var vocabularyURL: URL {
        Bundle.module.url(forResource: "tokenizer", withExtension: "model")!
    }

    /// `tokenizer_config.json`: the 14 special tokens and the Jinja chat template.
    public static var tokenizerConfigURL: URL {
        Bundle.module.url(forResource: "tokenizer_config", withExtension: "json")!
    }

    /// sha256 of the bundled `tokenizer.model` (see the reference kit's README).
    public static let vocabularySHA256 = "5a493598071550244b2ee7f26118f3edec2150b9dfa967929a99052ac83fe716"
}
