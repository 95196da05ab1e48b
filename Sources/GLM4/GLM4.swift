// The Tokenizer stage; see DESIGN.md.
import CGLM4Vocabulary
import Tokenizer

/// The GLM-4-9B-chat files bundled with Tokenpack, so the main job needs nothing outside the repo.
public enum GLM4 {
    /// `tokenizer.model`: the vocabulary in tiktoken format (`<base64> <rank>` per line), as
    /// linked into the binary (a copy; `loadTokenizer()` checks its sha256).
    public static var vocabularyBytes: [UInt8] {
        Array(UnsafeBufferPointer(start: glm4_tokenizer_model(), count: glm4_tokenizer_model_size()))
    }

    /// `tokenizer_config.json`: the 14 special tokens and the Jinja chat template.
    public static var tokenizerConfigBytes: [UInt8] {
        Array(UnsafeBufferPointer(start: glm4_tokenizer_config(), count: glm4_tokenizer_config_size()))
    }

    /// What errors and `meta.json` call the linked-in vocabulary.
    public static let vocabularySource = "bundled GLM-4 tokenizer.model"

    /// sha256 of the bundled `tokenizer.model` (see the reference kit's README).
    public static let vocabularySHA256 = "5a493598071550244b2ee7f26118f3edec2150b9dfa967929a99052ac83fe716"

    /// Number of ordinary tokens in GLM-4's vocabulary; the first special token's id.
    public static let mergeableCount = 151_329

    /// GLM-4's 14 special tokens, ids 151329...151342 in the reference README's order
    /// (the same as `added_tokens_decoder` in tokenizer_config.json).
    public static let specialTokens: [SpecialToken] = [
        "<|endoftext|>", "[MASK]", "[gMASK]", "[sMASK]", "<sop>", "<eop>",
        "<|system|>", "<|user|>", "<|assistant|>", "<|observation|>",
        "<|begin_of_image|>", "<|end_of_image|>", "<|begin_of_video|>", "<|end_of_video|>",
    ].enumerated().map { SpecialToken(text: $0.element, id: Int32(mergeableCount + $0.offset)) }

    /// The tokenizer over the bundled vocabulary, its sha256 verified.
    public static func loadTokenizer() throws -> Tokenizer {
        try Tokenizer(vocabulary: vocabularyBytes, source: vocabularySource, specialTokens: specialTokens, expectedSHA256: vocabularySHA256)
    }

    /// The tokenizer over a user-supplied tiktoken-format vocabulary with GLM-4's special tokens
    /// numbered right after its ranks, in GLM-4's order (no checksum requirement). For GLM-4's
    /// own file that is ids 151329...151342; for any other every id stays inside the vocabulary.
    public static func loadTokenizer(vocabularyPath: String) throws -> Tokenizer {
        let probe = try Tokenizer(vocabularyPath: vocabularyPath, specialTokens: [])
        let specials = specialTokens.enumerated().map {
            SpecialToken(text: String(decoding: $0.element.text, as: UTF8.self), id: Int32(probe.mergeableCount + $0.offset))
        }
        return try Tokenizer(vocabularyPath: vocabularyPath, specialTokens: specials)
    }
}
