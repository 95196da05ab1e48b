import Foundation
import ZstdStream

/// One input of a job: a file path, or `-` for standard input.
public struct InputFile: Sendable, Equatable {
    /// The path as it will appear in rejects and errors (`dir/name` for files found in a directory).
    public var path: String
    /// Size on disk in bytes (compressed size for zstd); nil for stdin and pipes.
    public var size: Int?

    public init(path: String, size: Int?) {
        self.path = path
        self.size = size
    }

    public var isStandardInput: Bool { path == "-" }

    /// Turns command-line arguments into the list of inputs, in the order they are read.
    ///
    /// A file is taken as is, whatever its name (unless its first bytes show parquet or a JSON
    /// array). A directory contributes its `*.jsonl`, `*.jsonl.zst`, `*.jsonl.zstd` and
    /// `*.jsonl.gz` entries, in any case (not recursive), sorted by name byte-wise so the order
    /// does not depend on the locale. `-` is standard input and may appear once. Missing paths
    /// and directories without inputs are errors here, before any work starts. `survey` also
    /// returns what was left out.
    public static func expand(_ arguments: [String]) throws(InputListError) -> [InputFile] {
        try survey(arguments).inputs
    }

    /// Size in bytes of the regular file at `path`; nil for pipes, devices and unreadable paths.
    public static func fileSize(_ path: String) -> Int? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path),
              a[.type] as? FileAttributeType == .typeRegular else { return nil }
        return (a[.size] as? NSNumber)?.intValue
    }
}

/// A command-line input that cannot be used; names the path.
public struct InputListError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
