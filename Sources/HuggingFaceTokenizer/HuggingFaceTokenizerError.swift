import Tokenizer

/// A tokenizer.json that cannot be loaded: the file and what is wrong with it.
public struct HuggingFaceTokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The tokenizer.json path (or the `source` name given for in-memory bytes).
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
