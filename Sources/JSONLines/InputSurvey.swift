#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ZstdStream

/// A command-line input, or a directory entry, that is not read, and why (with what to do).
public struct SkippedInput: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// The inputs of a job and everything looked at and left out.
public struct InputSurvey: Sendable, Equatable {
    public var inputs: [InputFile] = []
    public var skipped: [SkippedInput] = []
}

extension InputFile {
    /// Name endings read from a directory, compared without regard to case.
    public static let directorySuffixes = [".jsonl", ".jsonl.zst", ".jsonl.zstd", ".jsonl.gz"]

    /// What converts parquet and JSON arrays to JSON Lines (on stdout).
    static let converterHint = "python3 Tools/to_jsonl.py"

    /// Like `expand`, but also says what was left out: entries of a directory that are not
    /// inputs (other names, subdirectories, broken links, names that are not UTF-8, this job's
    /// own outputs), and files whose first bytes show they are not JSON Lines (parquet, a JSON
    /// array). Each skip has a reason with a hint. Errors, before any work: a missing path, a
    /// directory with no input at all, `-` twice, an explicit input that is one of
    /// `ownOutputs`, and a job left with no input.
    ///
    /// - Parameter ownOutputs: canonical absolute paths of the files this job writes; an input
    ///   that is one of them, or one of their temporaries, would be read while it is written.
    public static func survey(_ arguments: [String], ownOutputs: [String] = []) throws(InputListError) -> InputSurvey {
        var survey = InputSurvey()
        var sawStdin = false
        for arg in arguments {
            if arg == "-" {
                if sawStdin { throw InputListError(path: "-", reason: "standard input given more than once") }
                sawStdin = true
                survey.inputs.append(InputFile(path: "-", size: nil))
                continue
            }
            var st = stat()
            guard stat(arg, &st) == 0 else {
                var l = stat()
                if lstat(arg, &l) == 0 && (l.st_mode & S_IFMT) == S_IFLNK {
                    throw InputListError(path: arg, reason: "broken symbolic link (its target does not exist)")
                }
                if arg.unicodeScalars.contains("\u{FFFD}") {
                    throw InputListError(path: arg, reason: "no such file or directory (this name is not valid UTF-8 as given, and tokenpack reads file names as UTF-8: rename the file)")
                }
                throw InputListError(path: arg, reason: "no such file or directory")
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                try surveyDirectory(arg, ownOutputs: ownOutputs, into: &survey)
                continue
            }
            if let own = ownOutput(arg, ownOutputs) {
                throw InputListError(path: arg, reason: "is \(own) this job writes: it cannot be read while it is written (give another --output-prefix)")
            }
            if let why = notJSONLines(arg) {
                survey.skipped.append(SkippedInput(path: arg, reason: why))
                continue
            }
            survey.inputs.append(InputFile(path: arg, size: fileSize(arg)))
        }
        if survey.inputs.isEmpty {
            let list = survey.skipped.map { "\n  \($0)" }.joined()
            throw InputListError(path: arguments.joined(separator: " "), reason: "nothing to read; skipped:\(list)")
        }
        return survey
    }

    private static func surveyDirectory(_ dir: String, ownOutputs: [String], into survey: inout InputSurvey) throws(InputListError) {
        guard let d = opendir(dir) else {
            throw InputListError(path: dir, reason: "cannot list directory: \(String(cString: strerror(errno)))")
        }
        // Raw names: a name that is not UTF-8 must be seen (and reported), not dropped.
        var names: [[UInt8]] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        closedir(d)
        names.sort { $0.lexicographicallyPrecedes($1) }
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        var found: [InputFile] = []
        var skipped: [SkippedInput] = []
        // Names that are plainly something else (README.md, other datasets' .bin/.idx): one
        // line for all of them rather than one each.
        var others: [String] = []
        for raw in names {
            guard let name = String(validating: raw, as: UTF8.self) else {
                skipped.append(SkippedInput(path: base + String(decoding: raw, as: UTF8.self),
                                            reason: "file name is not valid UTF-8, which tokenpack cannot open: rename it (for example with convmv)"))
                continue
            }
            let path = base + name
            var l = stat(), st = stat()
            guard lstat(path, &l) == 0 else { continue }  // removed meanwhile
            let isLink = (l.st_mode & S_IFMT) == S_IFLNK
            guard stat(path, &st) == 0 else {
                skipped.append(SkippedInput(path: path, reason: isLink ? "broken symbolic link (its target does not exist)" : "cannot stat: \(String(cString: strerror(errno)))"))
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                skipped.append(SkippedInput(path: path + "/", reason: "subdirectory: directories are not searched recursively; give it as an INPUT of its own"))
                continue
            }
            let lower = name.lowercased()
            let isInputName = directorySuffixes.contains(where: { lower.hasSuffix($0) })
            if let own = ownOutput(path, ownOutputs) {
                if isInputName { skipped.append(SkippedInput(path: path, reason: "is \(own) this job writes: not read")) }
                continue
            }
            guard isInputName else {
                if name.hasPrefix(".") { continue }  // hidden files: editors' and tools' own
                if let hint = nameHint(lower, path: path) {
                    skipped.append(SkippedInput(path: path, reason: hint))
                } else {
                    others.append(name)
                }
                continue
            }
            if let why = notJSONLines(path) {
                skipped.append(SkippedInput(path: path, reason: why))
                continue
            }
            found.append(InputFile(path: path, size: fileSize(path)))
        }
        if !others.isEmpty {
            let shown = others.prefix(5).joined(separator: ", ") + (others.count > 5 ? ", … (\(others.count - 5) more)" : "")
            skipped.append(SkippedInput(path: base, reason: "\(others.count) file\(others.count == 1 ? "" : "s") not named \(directorySuffixes.joined(separator: ", ")) not read: \(shown)"))
        }
        if found.isEmpty {
            let list = skipped.map { "\n  \($0)" }.joined()
            throw InputListError(path: dir, reason: "directory has no \(directorySuffixes.joined(separator: ", ")) files to read" + (list.isEmpty ? " (it is empty)" : "; found:\(list)"))
        }
        survey.inputs += found
        survey.skipped += skipped
    }

    /// The reason with a hint for names that look like data in another form; nil for the rest.
    private static func nameHint(_ lower: String, path: String) -> String? {
        if lower.hasSuffix(".json") {
            return "not a .jsonl name: a JSON array converts with `\(converterHint) \(path) > out.jsonl`; a JSON Lines file can be given by name"
        }
        if lower.hasSuffix(".parquet") || lower.hasSuffix(".pq") {
            return "parquet, not JSON Lines: convert it with `\(converterHint) \(path) > out.jsonl`"
        }
        if lower.hasSuffix(".gz") || lower.hasSuffix(".zst") || lower.hasSuffix(".zstd") {
            return "compressed, but not named .jsonl.gz or .jsonl.zst: give it by name if it holds JSON Lines"
        }
        return nil
    }

    /// Why the file at `path` is not JSON Lines, judged from its first bytes (decompressed),
    /// or nil when it may be. Unreadable and corrupt files are left for the reader to report.
    static func notJSONLines(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        close(fd)
        if n == 4 && magic == Array("PAR1".utf8) {
            return "parquet, not JSON Lines: convert it with `\(converterHint) \(path) > out.jsonl` (needs pyarrow)"
        }
        guard let source = try? ByteSource(path: path) else { return nil }
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { head.deallocate() }
        guard let count = try? source.read(into: head) else { return nil }
        var i = 0
        if count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { i = 3 }
        while i < count && [0x20, 0x09, 0x0A, 0x0D].contains(head[i]) { i += 1 }
        if i < count && head[i] == UInt8(ascii: "[") {
            return "a JSON array, not JSON Lines (one object per line): convert it with `\(converterHint) \(path) > out.jsonl`"
        }
        return nil
    }

    /// Which of `ownOutputs` the file at `path` is (or is a temporary of), as a phrase.
    static func ownOutput(_ path: String, _ ownOutputs: [String]) -> String? {
        guard !ownOutputs.isEmpty, let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        let canonical = String(cString: real)
        for own in ownOutputs where canonical == own || canonical.hasPrefix(own + ".tmp-") {
            let name = own.split(separator: "/").last.map(String.init) ?? own
            return canonical == own ? "\(name), a file" : "a temporary of \(name), a file"
        }
        return nil
    }
}
