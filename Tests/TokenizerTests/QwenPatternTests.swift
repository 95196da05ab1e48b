import Foundation
import Testing
@testable import Tokenizer

/// The Qwen3.5 pattern against Python's `regex` running the regex itself
/// (`Tests/Fixtures/qwen_pattern_cases.jsonl`, written by Tools/gen_pattern_cases.py).
@Suite struct QwenPatternTests {
    nonisolated(unsafe) static let lines: [[String: Any]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/qwen_pattern_cases.jsonl")
        let data = FileManager.default.contents(atPath: url.path)!
        return data.split(separator: UInt8(ascii: "\n")).map { try! JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
    }()

    /// A tokenizer that only needs the pattern: the 256 single bytes.
    static func tokenizer(_ pattern: PreTokenizerPattern) throws -> Tokenizer {
        try Tokenizer(mergeableTokens: (0..<256).map { [UInt8($0)] }, specialTokens: [], pattern: pattern,
                      normalizer: .none, emitsUnreachableTokens: true)
    }

    @Test func piecesMatchPythonRegex() throws {
        let tok = try Self.tokenizer(.qwen3_5)
        var checked = 0
        for line in Self.lines.dropFirst() {
            let text = Array((line["text"] as! String).utf8)
            let ends = (line["ends"] as! [NSNumber]).map(\.intValue)
            let got = try tok.pieces(text).map(\.upperBound)
            #expect(got == ends, "\((line["text"] as! String).debugDescription)")
            checked += 1
        }
        #expect(checked == 6000)
    }

    /// Every scalar's class against the regex's own tables. `regex` has Unicode 17.0 tables,
    /// ours are 16.0: disagreements are allowed only on scalars unassigned in 16.0.
    @Test func classOfEveryScalarMatchesPythonRegex() throws {
        let header = Self.lines[0]
        var theirs = [UInt8](repeating: 0, count: 0x110000)
        for r in header["classes"] as! [[NSNumber]] {
            for cp in r[0].intValue...r[1].intValue { theirs[cp] = UInt8(r[2].intValue) }
        }
        var unassigned = [Bool](repeating: false, count: 0x110000)
        for r in header["unassigned_16"] as! [[NSNumber]] {
            for cp in r[0].intValue...r[1].intValue { unassigned[cp] = true }
        }
        let table = PreTokenizerPattern.qwen3_5.classTable
        var differ = 0, differAssigned: [String] = []
        for cp in 0..<0x110000 where table.charClass(UInt32(cp)) != theirs[cp] {
            differ += 1
            if !unassigned[cp] { differAssigned.append(String(cp, radix: 16, uppercase: true)) }
        }
        #expect(differAssigned.isEmpty, "assigned in Unicode 16.0 but classed differently: \(differAssigned.prefix(20))")
        // The scalars Unicode 17.0 assigned as letters, marks, numbers (4,699 per the generator's count).
        #expect(differ <= 4699)
    }

    /// The cl100k table built from the fine classes: marks are not letters there, and the
    /// patterns differ exactly on marks.
    @Test func marksAreLettersOnlyForQwen() throws {
        let cl = PreTokenizerPattern.cl100k.classTable, qw = PreTokenizerPattern.qwen3_5.classTable
        #expect(cl.charClass(0x0301) == CharClass.other && qw.charClass(0x0301) == CharClass.letter)
        #expect(cl.charClass(0x093F) == CharClass.other && qw.charClass(0x093F) == CharClass.letter)
        var differ = 0
        for cp in UInt32(0)..<0x110000 where cl.charClass(cp) != qw.charClass(cp) {
            #expect(cl.charClass(cp) == CharClass.other && qw.charClass(cp) == CharClass.letter)
            differ += 1
        }
        #expect(differ > 2000)
        let q = try Self.tokenizer(.qwen3_5), c = try Self.tokenizer(.cl100k)
        #expect(try q.pieces(Array("1234".utf8)).count == 4)
        #expect(try c.pieces(Array("1234".utf8)).count == 2)
        #expect(try q.pieces(Array("e\u{301}x".utf8)).count == 1)
        #expect(try c.pieces(Array("e\u{301}x".utf8)).count == 2)
    }

    @Test func patternsAreRecognisedByTheirRegex() {
        for p in PreTokenizerPattern.allCases { #expect(PreTokenizerPattern(regex: p.regex) == p) }
        #expect(PreTokenizerPattern(regex: #"'s|'t|\s+"#) == nil)
        #expect(PreTokenizerPattern.cl100k.regex.count != PreTokenizerPattern.qwen3_5.regex.count)
    }
}
