import Foundation

/// Locates `../shared/reference` (the golden GLM-4 kit) relative to the package root.
public enum Reference {
    /// The package root: two levels above this file (`Tests/TestSupport/Reference.swift`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/reference`, or `TOKENPACK_REFERENCE` when set.
    public static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["TOKENPACK_REFERENCE"] {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
    }()

    /// A file under `reference/data/`.
    public static func data(_ name: String) -> URL {
        directory.appendingPathComponent("data").appendingPathComponent(name)
    }

    /// The raw bytes of a reference file; fails loudly if the kit is missing.
    public static func bytes(_ url: URL) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: url.path) else {
            throw MissingReference(path: url.path)
        }
        return [UInt8](d)
    }

    /// The lines of a reference file, split on `\n` only (strings may hold U+2028 and U+0085),
    /// without their terminator; a final empty line is dropped.
    public static func lines(_ url: URL) throws -> [[UInt8]] {
        let b = try bytes(url)
        var out: [[UInt8]] = []
        var start = 0
        for i in b.indices where b[i] == UInt8(ascii: "\n") {
            out.append(Array(b[start..<i]))
            start = i + 1
        }
        if start < b.count { out.append(Array(b[start...])) }
        return out
    }

    /// Each line parsed with Foundation's JSONSerialization (an oracle independent of ours).
    public static func jsonLines(_ url: URL) throws -> [Any] {
        try lines(url).map { try JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed]) }
    }

    /// Rows of `{"input_ids": [...], "labels": [...]}` or `{"error": "..."}`.
    public struct Row {
        public var inputIDs: [Int32]
        public var labels: [Int32]?
        public var error: String?

        public init(inputIDs: [Int32], labels: [Int32]?, error: String?) {
            self.inputIDs = inputIDs
            self.labels = labels
            self.error = error
        }
    }

    public static func rows(_ name: String) throws -> [Row] {
        try jsonLines(data(name)).map { any in
            let o = any as! [String: Any]
            if let e = o["error"] as? String { return Row(inputIDs: [], labels: nil, error: e) }
            let ids = (o["input_ids"] as! [NSNumber]).map { Int32($0.intValue) }
            let labels = (o["labels"] as? [NSNumber])?.map { Int32($0.intValue) }
            return Row(inputIDs: ids, labels: labels, error: nil)
        }
    }

    public struct MissingReference: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "reference file not found: \(path) (expected ../shared/reference beside the repo, or TOKENPACK_REFERENCE)" }
    }
}
