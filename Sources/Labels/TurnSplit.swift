import ChatTemplate
import Tokenizer

/// One message recovered from a token stream by its family's `TurnGrammar`.
public struct RecoveredTurn: Sendable, Equatable {
    /// Position of the opening special token, or nil for the tokens before the first opener
    /// (GLM-4's `[gMASK]<sop>`).
    public var opener: Int?
    /// Token positions `start..<end` (the opener included).
    public var start: Int
    public var end: Int
    /// The role the opener names (`user`; `assistant to=functions.get`), or `(prefix)`.
    public var role: String
}

extension TurnGrammar {
    /// The messages of `ids`, in order, cut at every opener; roles read from the openers
    /// (and for `.roleInText` from the text after them). Tokens before the first opener form a
    /// `(prefix)` turn, present only when there are such tokens.
    public func turns(_ ids: UnsafeBufferPointer<Int32>, tokenizer: Tokenizer) -> [RecoveredTurn] {
        var out: [RecoveredTurn] = []
        var i = 0
        let n = ids.count
        while i < n && openers[ids[i]] == nil { i += 1 }
        if i > 0 { out.append(RecoveredTurn(opener: nil, start: 0, end: i, role: "(prefix)")) }
        while i < n {
            let p = i
            i += 1
            while i < n && openers[ids[i]] == nil { i += 1 }
            out.append(RecoveredTurn(opener: p, start: p, end: i, role: role(at: p, ids, tokenizer)))
        }
        return out
    }

    func role(at p: Int, _ ids: UnsafeBufferPointer<Int32>, _ tokenizer: Tokenizer) -> String {
        switch openers[ids[p]] {
        case .role(let r): return r
        case .roleInText, nil:
            var bytes: [UInt8] = []
            var k = p + 1
            scan: while k < ids.count && bytes.count < 128 && !tokenizer.isSpecial(ids[k]) {
                for b in tokenizer.tokenBytes(ids[k]) ?? [] {
                    if b == roleTextEnd { break scan }
                    bytes.append(b)
                }
                k += 1
            }
            return roleName(String(decoding: bytes, as: UTF8.self))
        }
    }
}
