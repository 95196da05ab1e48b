/// A pre-tokenizer regex that the hand-written scanner (`PreTokenizer`) implements exactly.
/// Part of a model's value: tiktoken's `Encoding` is (pattern, ranks, special tokens).
///
/// cl100k and Qwen3.5 share one scanner shape (`PreTokenizer`) and differ in two parameters:
/// - the class table: which fine Unicode classes count as letters (`classOfFine`);
/// - the longest digit run (`maxDigits`): `\p{N}{1,3}` against `\p{N}`.
/// Qwen3.5's `[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+` admits a mark as the optional first char, where
/// treating marks as letters would not; the two give the same matches, because a mark there is
/// followed by the letter/mark run either way, so the match covers the same span (checked on
/// random strings with Python's `regex`, and by `QwenPatternTests` against a fixture from it).
/// o200k has a scanner of its own (`O200kPreTokenizer`).
public enum PreTokenizerPattern: String, Sendable, CaseIterable, CustomStringConvertible {
    /// GLM-4, GPT-4 (cl100k_base).
    case cl100k
    /// Qwen3.5 / Qwen3.6: single digits, letters include marks.
    case qwen3_5
    /// gpt-oss, GPT-4o (o200k_base): words split on case, contractions attached, marks as
    /// letters; its own scanner (`O200kPreTokenizer`).
    case o200k

    /// The regex this scanner implements, character for character as tokenizer.json writes it.
    public var regex: String {
        switch self {
        case .cl100k:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .qwen3_5:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .o200k:
            return #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        }
    }

    /// The pattern whose regex is exactly `regex`, or nil (the caller names the supported ones).
    public init?(regex: String) {
        guard let p = PreTokenizerPattern.allCases.first(where: { $0.regex == regex }) else { return nil }
        self = p
    }

    public var description: String { rawValue }

    /// Longest run of `\p{N}` chars in one piece.
    var maxDigits: Int {
        switch self {
        case .cl100k, .o200k: return 3
        case .qwen3_5: return 1
        }
    }

    /// `CharClass` of each `UnicodeFineClass` (other, Lu, Ll, Lt, Lm, Lo, M, N, White_Space).
    var classOfFine: [UInt8] {
        let l = CharClass.letter, n = CharClass.number, s = CharClass.space, o = CharClass.other
        switch self {
        case .cl100k: return [o, l, l, l, l, l, o, n, s]
        case .qwen3_5: return [o, l, l, l, l, l, l, n, s]
        // Its own classes (`O200kClass`): upper, lower, caseless, mark kept apart.
        case .o200k: return [0, 1, 2, 1, 3, 3, 4, 5, 6]
        }
    }

    /// The class table, built on first use and shared by every tokenizer of this pattern.
    var classTable: UnicodeClassTable {
        switch self {
        case .cl100k: return PatternTables.cl100k
        case .qwen3_5: return PatternTables.qwen3_5
        case .o200k: return PatternTables.o200k
        }
    }
}

private enum PatternTables {
    static let cl100k = UnicodeClassTable(classOfFine: PreTokenizerPattern.cl100k.classOfFine)
    static let qwen3_5 = UnicodeClassTable(classOfFine: PreTokenizerPattern.qwen3_5.classOfFine)
    static let o200k = UnicodeClassTable(classOfFine: PreTokenizerPattern.o200k.classOfFine)
}
