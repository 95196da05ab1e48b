import JSONScanner

/// A family's own special tokens: the closed set its template writes, each with its text.
protocol TemplateToken: CaseIterable, RawRepresentable, Sendable where RawValue == UInt8 {
    /// The token's text, as the model's tokenizer files spell it.
    var text: String { get }
}

/// The ids of a family's special tokens in one model's vocabulary, looked up once when the
/// template is made. Layout: `ids[token.rawValue]` (4 bytes each; -1 for raw values no token
/// has).
struct TemplateTokenIDs<Token: TemplateToken>: Sendable {
    private let ids: [Int32]

    init(_ specials: SpecialTokenLookup, family: String) throws(TemplateSetupError) {
        var ids = [Int32](repeating: -1, count: Int(Token.allCases.map(\.rawValue).max() ?? 0) + 1)
        for t in Token.allCases { ids[Int(t.rawValue)] = try specials.id(t.text, for: family) }
        self.ids = ids
    }

    @inline(__always)
    subscript(_ t: Token) -> Int32 { ids[Int(t.rawValue)] }

    /// The text of `id` if it is one of the family's tokens (tests and views).
    func text(of id: Int32) -> String? { Token.allCases.first { self[$0] == id }?.text }
}

extension JSONTape {
    /// The `messages` member of a record: the record must be an object that has one (each
    /// family then checks its shape as its template does).
    func messagesMember(in record: UnsafeRawBufferPointer) throws(TemplateError) -> Int {
        guard count > 0, self[0].kind == .object else { throw .recordNotAnObject() }
        guard let messages = member(0, "messages", in: record) else { throw .noMessages() }
        return messages
    }
}
