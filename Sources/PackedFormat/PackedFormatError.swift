/// A problem with a packed dataset on disk: where it is and what is wrong.
public struct PackedFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file concerned.
    public var path: String
    /// The sequence concerned, when there is one.
    public var sequence: Int?
    /// The byte offset in `path`, when there is one.
    public var byteOffset: Int?
    public var message: String

    public init(path: String, sequence: Int? = nil, byteOffset: Int? = nil, _ message: String) {
        self.path = path
        self.sequence = sequence
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `path: [sequence N: ][byte offset B: ]message`, like a compiler diagnostic.
    public var description: String {
        var s = path + ": "
        if let sequence { s += "sequence \(sequence): " }
        if let byteOffset { s += "byte offset \(byteOffset): " }
        return s + message
    }
}
