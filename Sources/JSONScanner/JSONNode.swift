/// One JSON value on a `JSONTape`.
///
/// Layout (16 bytes per node, stride 16): the tape is the values of a document in pre-order
/// (a container is followed by its children; an object's children alternate key, value).
/// - `kind`: what the value is.
/// - `flags`: strings: `hasEscapes` (the raw bytes hold at least one `\`); numbers: `isInteger`
///   (no fraction and no exponent, i.e. Python's `json` makes it an `int`), `isNonFinite`
///   (`NaN`, `Infinity`, `-Infinity`, which Python's `json` accepts).
/// - `start`, `end`: byte offsets into the record. Strings: `start` is just after the opening
///   quote and `end` is the closing quote, so `start..<end` are the raw (still escaped) bytes.
///   Numbers and literals: the literal's bytes. Containers: the opening and closing bracket.
/// - `next`: index of the first node after this value and all of its children, so siblings are
///   reached without walking the subtree. A scalar's `next` is its own index + 1.
/// Invariants (established by `JSONTape.parse`): `start <= end <= record.count`, and for every
/// node `i`, `i < next <= nodeCount`.
public struct JSONNode: Sendable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    public var kind: Kind
    @usableFromInline var flags: UInt8
    public var start: UInt32
    public var end: UInt32
    public var next: UInt32

    @usableFromInline static let hasEscapes: UInt8 = 1
    static let isInteger: UInt8 = 2
    static let isNonFinite: UInt8 = 4

    /// A string whose raw bytes contain escapes (decode before comparing or copying).
    @inlinable public var hasEscapes: Bool { flags & Self.hasEscapes != 0 }
    /// A number written without fraction or exponent (Python keeps it as an exact `int`).
    public var isInteger: Bool { flags & Self.isInteger != 0 }
    /// `NaN`, `Infinity` or `-Infinity` (accepted by Python's `json.loads`).
    public var isNonFinite: Bool { flags & Self.isNonFinite != 0 }
}
