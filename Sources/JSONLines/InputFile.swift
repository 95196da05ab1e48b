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
    /// A file is taken as is, whatever its name. A directory contributes its `*.jsonl` and
    /// `*.jsonl.zst` entries (not recursive), sorted by name byte-wise so the order does not
    /// depend on the locale. `-` is standard input and may appear once. Missing paths and
    /// directories without inputs are errors here, before any work starts.
    public static func expand(_ arguments: [String]) throws(InputListError) -> [InputFile] {
        var out: [InputFile] = []
        var sawStdin = false
        for arg in arguments {
            if arg == "-" {
                if sawStdin { throw InputListError(path: "-", reason: "standard input given more than once") }
                sawStdin = true
                out.append(InputFile(path: "-", size: nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: arg, isDirectory: &isDirectory) else {
                throw InputListError(path: arg, reason: "no such file or directory")
            }
            if !isDirectory.boolValue {
                out.append(InputFile(path: arg, size: Self.fileSize(arg)))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: arg)
            } catch {
                throw InputListError(path: arg, reason: "cannot list directory: \(error.localizedDescription)")
            }
            let inputs = names
                .filter { $0.hasSuffix(".jsonl") || $0.hasSuffix(".jsonl.zst") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { arg.hasSuffix("/") ? arg + $0 : arg + "/" + $0 }
                .filter { p in
                    var d: ObjCBool = false
                    return FileManager.default.fileExists(atPath: p, isDirectory: &d) && !d.boolValue
                }
            if inputs.isEmpty { throw InputListError(path: arg, reason: "directory has no .jsonl or .jsonl.zst files") }
            out += inputs.map { InputFile(path: $0, size: Self.fileSize($0)) }
        }
        return out
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
