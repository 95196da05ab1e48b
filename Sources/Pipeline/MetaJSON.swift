import Foundation

/// Reading meta.json files back and comparing their values, for `merge` and `--skip-completed`.
enum MetaJSON {
    /// The object in `path`; nil when the file is missing; throws when it is not a JSON object.
    static func read(_ path: String) throws(PipelineError) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .input(path: path, message: "\(path): not a JSON object")
        }
        return obj
    }

    /// A value's JSON text with sorted keys: equal texts mean equal values, whatever Swift or
    /// Foundation types hold them (a value is first passed through the parser once).
    static func canonical(_ value: Any?) -> String {
        guard let value else { return "(absent)" }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let first = try? JSONSerialization.data(withJSONObject: [value], options: options),
              let parsed = try? JSONSerialization.jsonObject(with: first),
              let data = try? JSONSerialization.data(withJSONObject: parsed, options: options) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }

    /// Keys (outside `ignoring`) whose values differ between `a` and `b`, sorted; a key present
    /// in only one of them differs.
    static func differingKeys(_ a: [String: Any], _ b: [String: Any], ignoring: Set<String>) -> [String] {
        Set(a.keys).union(b.keys).subtracting(ignoring).sorted().filter { canonical(a[$0]) != canonical(b[$0]) }
    }

    /// Writes `doc` as encode does (sorted keys, pretty-printed, final newline).
    static func data(_ doc: [String: Any]) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }
}
