import Foundation
import Testing
@testable import Tokenizer

/// The normalizer against the kit's oracle's own NFC (Hugging Face `tokenizers`, run by
/// Tools/gen_nfc_cases.py into `Tests/Fixtures/hf_nfc_cases.jsonl`).
@Suite struct NFCTests {
    nonisolated(unsafe) static let cases: [(text: [UInt8], nfc: [UInt8])] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hf_nfc_cases.jsonl")
        let data = FileManager.default.contents(atPath: url.path)!
        return data.split(separator: UInt8(ascii: "\n")).map {
            let o = try! JSONSerialization.jsonObject(with: Data($0)) as! [String: String]
            return (Array(o["text"]!.utf8), Array(o["nfc"]!.utf8))
        }
    }()

    static func nfc(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], scalars: [UInt32] = []
        text.withUnsafeBufferPointer { appendNFC($0.baseAddress!, 0, $0.count, into: &out, scalars: &scalars) }
        return out
    }

    static func quick(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { NFCStopTable.shared.isCertainlyNFC($0.baseAddress!, 0, $0.count) }
    }

    @Test func matchesHuggingFace() {
        #expect(Self.cases.count > 9000)
        var bad = 0
        for (text, nfc) in Self.cases {
            let got = Self.nfc(text)
            if got != nfc {
                bad += 1
                if bad <= 10 { Issue.record("\(String(decoding: text, as: UTF8.self).unicodeScalars.map { String($0.value, radix: 16) }): got \(String(decoding: got, as: UTF8.self).unicodeScalars.map { String($0.value, radix: 16) })") }
            }
            // The quick check never calls text NFC that normalization changes.
            if nfc != text { #expect(!Self.quick(text)) }
            // NFC is idempotent.
            #expect(Self.nfc(nfc) == nfc)
        }
        #expect(bad == 0)
    }

    /// The quick check's claims: below U+0300 everything is stable; each stop range's scalars stop it.
    @Test func quickCheck() {
        var all: [UInt8] = []
        for cp in UInt32(0)..<0x300 { all += Array(String(Unicode.Scalar(cp)!).utf8) }
        #expect(Self.quick(all))
        #expect(Self.nfc(all) == all)
        #expect(!Self.quick(Array("abc\u{301}".utf8)))
        #expect(Self.quick(Array("中文 テスト 한국어 Привет".utf8)))
        #expect(!Self.quick(Array("\u{1100}\u{1161}".utf8)))
        for r in stride(from: 0, to: nfcStopRanges.count, by: 2) {
            for cp in [nfcStopRanges[r], nfcStopRanges[r + 1]] {
                #expect(!Self.quick(Array(String(Unicode.Scalar(cp)!).utf8)), "U+\(String(cp, radix: 16))")
            }
        }
        #expect(Self.quick([]))
    }

    @Test func hangulAndTibetan() {
        #expect(Self.nfc(Array("\u{AC00}\u{11A8}".utf8)) == Array("\u{AC01}".utf8))
        #expect(Self.nfc(Array("\u{1100}\u{1161}\u{11A8}".utf8)) == Array("\u{AC01}".utf8))
        #expect(Self.nfc(Array("\u{F73}\u{F73}".utf8)) == Array("\u{F71}\u{F71}\u{F72}\u{F72}".utf8))
        #expect(Self.nfc(Array("a\u{301}\u{316}".utf8)) == Array("\u{E1}\u{316}".utf8))
        #expect(Self.nfc(Array("\u{212B}".utf8)) == Array("\u{C5}".utf8))
    }
}
