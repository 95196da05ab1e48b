import Testing
import Tokenizer

/// Pattern and special-token edge cases whose ids the reference computed (ReferenceCases.swift).
@Suite struct ReferenceCaseTests {
    @Test func specialsOn() throws {
        let tok = try glm4()
        for c in referenceCases {
            #expect(try tok.encode(Array(c.text.utf8), specials: true) == c.ids, "\(c.text.debugDescription)")
        }
    }

    @Test func specialsOffIsPlainText() throws {
        let tok = try glm4()
        for c in referenceCases {
            #expect(try tok.encode(Array(c.text.utf8), specials: false) == c.plainIDs, "\(c.text.debugDescription)")
        }
    }

    @Test func encoderAppendsAndIsReusable() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        var ids: [Int32] = [-7]
        var expected: [Int32] = [-7]
        for c in referenceCases {
            try encoder.encode(Array(c.text.utf8), specials: true, into: &ids)
            expected += c.ids
        }
        #expect(ids == expected)
        #expect(try tok.count(Array("<|user|>hi".utf8)) == 2)
        #expect(try tok.count(Array("<|user|>hi".utf8), specials: false) == 6)
        #expect(try tok.encode([]) == [])
    }
}
