import TestSupport
import Testing
@testable import Tokenizer

/// Long pieces are cut where no token spans the cut and each chunk merged alone
/// (`MergeScratch.mergeLongPiece`); that must be tiktoken's merge of the whole piece.
@Suite struct LongPieceTests {
    /// Scripts whose runs are single long pieces, and what may precede a run (the pattern's
    /// optional leading non-letter: GLM-4 has tokens of a space plus a lead byte, " \\xe7", that
    /// break a CJK character's own merges, so a leading space is the case to get right).
    static let alphabets: [ClosedRange<UInt32>] = [
        0x4E00...0x4FFF, 0x4E00...0x9FFF, 0x3040...0x30FF, 0xAC00...0xD7A3, 0x0400...0x04FF, 0x0600...0x06FF,
        0x0E00...0x0E7F, 0x0900...0x097F, 0x1F300...0x1F64F, 0x2000...0x27BF, 0x0041...0x007A,
    ]
    static let common = Array("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切团玉急破查红")
    static let leads: [[UInt8]] = [[], [], [0x20], [0x20], Array("\"".utf8), Array("(".utf8), Array("\u{201C}".utf8), Array("\u{3001}".utf8)]

    static func run(_ rng: inout SplitMix64) -> [UInt8] {
        var out = leads.randomElement(using: &rng)!
        let mixed = Int.random(in: 0..<4, using: &rng) == 0
        let alphabet = alphabets.randomElement(using: &rng)!
        for _ in 0..<Int.random(in: 9...120, using: &rng) {
            if !mixed && alphabet.lowerBound == 0x4E00 && Bool.random(using: &rng) {
                out += Array(String(common.randomElement(using: &rng)!).utf8)
                continue
            }
            let range = mixed ? alphabets.randomElement(using: &rng)! : alphabet
            let v = UInt32.random(in: range, using: &rng)
            out += Array(String(Unicode.Scalar(v).map { Character($0) } ?? "a").utf8)
        }
        return out
    }

    /// Cut and merged equals merged whole, on random runs of CJK, kana, Hangul, Cyrillic,
    /// Arabic, Thai, Devanagari, emoji, symbols and mixtures, with and without a leading byte.
    @Test func cutMergeEqualsWholeMerge() throws {
        let tok = try glm4()
        var encoder = tok.makeEncoder()
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        var bad: [String] = []
        for _ in 0..<4000 {
            let s = LongPieceTests.run(&rng)
            if encoder.longPieceMerge(s) != encoder.bytePairMerge(s) { bad.append(String(decoding: s, as: UTF8.self)) }
        }
        #expect(bad.isEmpty, "seed \(seed): \(bad.count) disagreements, first \(bad.prefix(2))")
    }

    /// The whole encoder (whole-piece lookup, cuts, chunk cache, token chunks) against the plain
    /// quadratic BPE of each piece (tiktoken emits a piece that is a token as that token).
    @Test func encoderAgreesWithSimpleBPEOnLongRuns() throws {
        let tok = try glm4()
        let simple = SimpleBPE(tok)
        var encoder = tok.makeEncoder()
        let seed = testSeed()
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1500 {
            // Several runs per text, so chunks repeat and the cache and the reachability memo answer.
            var s: [UInt8] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) { s += LongPieceTests.run(&rng) + [0x0A] }
            let expected = try tok.pieces(s).flatMap { r -> [Int32] in
                let piece = Array(s[r])
                if let id = simple.ranks[piece] { return [id] }
                return simple.encode(piece)
            }
            var ids: [Int32] = []
            try encoder.encode(s, specials: false, into: &ids)
            let same = ids == expected
            #expect(same, "seed \(seed): \(String(decoding: s, as: UTF8.self).debugDescription)")
            if !same { break }
        }
    }

    /// Chunks that are unreachable tokens (GLM-4's 893: a space plus CJK, which tiktoken emits
    /// only as whole pieces) are merged, not emitted: a run that contains one at a cut.
    @Test func unreachableTokenInsideAPieceIsMerged() throws {
        let tok = try glm4()
        let merges = tok.computeSelfMerges()
        var encoder = tok.makeEncoder()
        var checked = 0
        for id in merges.unreachable.prefix(200) {
            let bytes = tok.tokenBytes(id)!
            // Letters before and after so the token sits inside a piece of over 24 bytes.
            let s = Array("\u{4E2D}\u{6587}\u{6D4B}\u{8BD5}\u{4E2D}\u{6587}\u{6D4B}\u{8BD5}".utf8) + bytes + Array("\u{6587}\u{6D4B}\u{8BD5}".utf8)
            #expect(encoder.longPieceMerge(s) == encoder.bytePairMerge(s), "token \(id)")
            #expect(encoder.longPieceMerge(bytes) == encoder.bytePairMerge(bytes), "token \(id) alone")
            checked += 1
        }
        #expect(checked == 200)
    }
}
