import Foundation
import Testing
@testable import JSONScanner

/// Re-serialization against Python itself: `Tests/Fixtures/json_dumps_cases.jsonl` is written by
/// `Tools/gen_json_dumps_cases.py` (`json.dumps(json.loads(input), ensure_ascii=False, indent=4)`
/// and `str(json.loads(input))`), so none of the expectations come from this code.
struct PythonSerializationTests {
    struct Case {
        var input: [UInt8]
        var dumps: [UInt8]?
        var str: [UInt8]?
        var error: String?
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/json_dumps_cases.jsonl")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return Case(input: fromHex(o["input_hex"] as! String),
                        dumps: (o["dumps"] as? String).map { Array($0.utf8) },
                        str: (o["str"] as? String).map { Array($0.utf8) },
                        error: o["error"] as? String)
        }
    }()

    @Test func fixtureIsThere() {
        #expect(Self.cases.count > 900)
        #expect(Self.cases.contains { $0.error != nil })
    }

    @Test(arguments: cases.indices)
    func matchesPython(_ i: Int) throws {
        let c = Self.cases[i]
        var tape = JSONTape()
        let label = String(decoding: c.input, as: UTF8.self)
        try c.input.withUnsafeBytes { bytes in
            if c.error != nil {
                #expect(throws: JSONError.self, "\(label) should be rejected (\(c.error!))") { try tape.parse(bytes) }
                return
            }
            try tape.parse(bytes)
            var dumps: [UInt8] = []
            tape.appendPythonJSON(0, in: bytes, to: &dumps)
            #expect(String(decoding: dumps, as: UTF8.self) == String(decoding: c.dumps!, as: UTF8.self), "dumps of \(label)")
            #expect(dumps == c.dumps!)
            var str: [UInt8] = []
            tape.appendPythonStr(0, in: bytes, to: &str)
            #expect(String(decoding: str, as: UTF8.self) == String(decoding: c.str!, as: UTF8.self), "str of \(label)")
            #expect(str == c.str!)
        }
    }
}

private func fromHex(_ s: String) -> [UInt8] {
    let u = Array(s.utf8)
    return stride(from: 0, to: u.count, by: 2).map { UInt8(String(decoding: u[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
