/// Why a benchmark could not run: unreadable input, a tokenizer that does not load, a temporary
/// directory that cannot be written, or a pipeline run that failed.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
