/// Where one record (one line of one input) sits in its batch and in its file.
///
/// Layout: 40 bytes per record (four `Int`s, an `Int32`, a one-byte kind, padding).
/// `bytes[start ..< start + count]` of the owning `LineBatch` is the line without its `\n`
/// (a `\r` before it stays: JSON treats it as whitespace).
public struct LineRecord: Sendable, Equatable {
    /// Offset of the line's first byte in `LineBatch.bytes`.
    public var start: Int
    /// Length of the line in bytes, without the terminating `\n`. Unbounded: a 5 MB line is fine.
    public var count: Int
    /// 1-based line number in its input, counting blank lines too (what an editor shows).
    public var line: Int
    /// Offset of the line's first byte in its input's content (decompressed, for zstd).
    public var byteOffset: Int
    /// Index of the input in the list the `LineReader` was given.
    public var input: Int32
    public var kind: Kind

    public enum Kind: UInt8, Sendable {
        /// A line ended by `\n`.
        case line
        /// The last line of an input that has no final `\n`: a record if it parses, but if it
        /// does not, the likely cause is a cut-off file, which the reject reason says.
        case unterminated
        /// Stands for an input with no bytes at all, so that an empty file is reported as a
        /// skipped record in input order rather than passing unnoticed. `count` is 0, `line` 1.
        case emptyInput
        /// A line longer than the reader's `maxRecordBytes`: a reject, never parsed. When it
        /// outgrew the buffer its bytes were dropped as they were read (`count` is then 0).
        case tooLong
    }

    public init(start: Int, count: Int, line: Int, byteOffset: Int, input: Int32, kind: Kind) {
        self.start = start
        self.count = count
        self.line = line
        self.byteOffset = byteOffset
        self.input = input
        self.kind = kind
    }
}
