#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PackedFormat

/// Checks and claims an output prefix before a job writes anything (README "Output format"):
/// the prefix must name files, every final name must be free for a regular file, one job at a
/// time holds `PREFIX.lock`, and temporaries that dead runs left under this prefix are removed.
public enum OutputPrefix {
    /// Every name a job with this prefix may write (ids, labels, rejects, meta), in summary order.
    public static func finalPaths(_ prefix: String, withLabels: Bool = true) -> [String] {
        var p = [PackedPaths.bin(prefix: prefix, name: PackedPaths.inputIDs), PackedPaths.idx(prefix: prefix, name: PackedPaths.inputIDs)]
        if withLabels { p += [PackedPaths.bin(prefix: prefix, name: PackedPaths.labels), PackedPaths.idx(prefix: prefix, name: PackedPaths.labels)] }
        return p + [PackedPaths.rejects(prefix: prefix), PackedPaths.meta(prefix: prefix)]
    }

    public static func lockPath(_ prefix: String) -> String { prefix + ".lock" }

    /// Why `prefix` cannot be an output prefix (it names a directory, or is not UTF-8), or nil.
    public static func problem(_ prefix: String) -> String? {
        let last = prefix.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if prefix.isEmpty || prefix.hasSuffix("/") || last == "." || last == ".." || isDirectory(prefix) {
            let dir = prefix.isEmpty ? "." : prefix
            return "--output-prefix \(prefix.isEmpty ? "\"\"" : prefix) names a directory, but it names files (PREFIX_input_ids_document.bin, …, PREFIX.meta.json): to write into \(dir), give a name in it, for example \(dir.hasSuffix("/") ? dir : dir + "/")data"
        }
        if prefix.unicodeScalars.contains("\u{FFFD}") {
            return "--output-prefix \(prefix): the name is not valid UTF-8 as given (tokenpack writes UTF-8 file names)"
        }
        return nil
    }

    /// Canonical absolute paths of every file this prefix names, for refusing an input that is
    /// one of them. Empty when the prefix's directory does not exist yet (nothing can be in it).
    public static func canonicalOutputs(_ prefix: String) -> [String] {
        let (dir, base) = split(prefix)
        guard let real = realpath(dir, nil) else { return [] }
        defer { free(real) }
        let d = String(cString: real)
        let root = (d == "/" ? "" : d) + "/" + base
        return finalPaths(root) + [lockPath(root)]
    }

    /// Checks that each final name is free or a regular file (a directory or a FIFO where
    /// `PREFIX.meta.json` goes would fail the last rename after the others were done).
    public static func checkFinalNames(_ prefix: String, withLabels: Bool) throws(PipelineError) {
        for path in finalPaths(prefix, withLabels: withLabels) {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if type != S_IFREG {
                let what = type == S_IFDIR ? "a directory" : type == S_IFIFO ? "a FIFO" : "not a regular file"
                throw .output(path: path, message: "\(path): is \(what), so the output cannot be written there; nothing was written (remove it or choose another --output-prefix)")
            }
        }
    }

    /// Removes `FINAL.tmp-PID` files of this prefix whose process is gone; returns their paths.
    public static func removeStaleTemporaries(_ prefix: String) -> [String] {
        let (dir, base) = split(prefix)
        guard let d = opendir(dir) else { return [] }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name.hasPrefix(base) { names.append(name) }
        }
        closedir(d)
        let finals = Set(finalPaths(base).map { $0 })
        var removed: [String] = []
        for name in names.sorted() {
            guard let r = name.range(of: ".tmp-", options: .backwards), finals.contains(String(name[..<r.lowerBound])),
                  let pid = Int32(name[r.upperBound...]), pid > 0, pid != getpid() else { continue }
            // Alive (or not ours to signal): keep. Only a pid that no longer exists is stale.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = dir == "." && !prefix.hasPrefix("./") ? name : (dir.hasSuffix("/") ? dir : dir + "/") + name
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    static func split(_ prefix: String) -> (directory: String, base: String) {
        guard let slash = prefix.lastIndex(of: "/") else { return (".", prefix) }
        let dir = String(prefix[..<slash])
        return (dir.isEmpty ? "/" : dir, String(prefix[prefix.index(after: slash)...]))
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}

/// An exclusive `flock` on `PREFIX.lock`, held while a job writes the prefix, so two runs can
/// never mix their files. The file holds the owner's pid; it is removed when the lock is
/// released (and the lock retried if another run removed it meanwhile). A run that was killed
/// leaves the file, but not the lock: the next run takes it over.
public final class PrefixLock {
    public let path: String
    private var fd: Int32

    public init(prefix: String) throws(PipelineError) {
        path = OutputPrefix.lockPath(prefix)
        while true {
            let f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            if f < 0 { throw .output(path: path, message: "\(path): cannot create the lock file: \(String(cString: strerror(errno)))") }
            if flock(f, LOCK_EX | LOCK_NB) != 0 {
                let why = errno
                var text = [UInt8](repeating: 0, count: 32)
                let n = text.withUnsafeMutableBytes { pread(f, $0.baseAddress, 31, 0) }
                close(f)
                if why == EWOULDBLOCK {
                    let pid = String(decoding: text.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    throw .output(path: path, message: "\(path): another tokenpack\(pid.isEmpty ? "" : " (pid \(pid))") is writing this prefix; wait for it to finish, or choose another --output-prefix")
                }
                throw .output(path: path, message: "\(path): cannot lock: \(String(cString: strerror(why)))")
            }
            // The lock is on this inode; if the name now points elsewhere, the holder before
            // us removed it: try again on the new file.
            var a = stat(), b = stat()
            if fstat(f, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev {
                fd = f
                break
            }
            close(f)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit { release() }

    /// Removes the lock file and releases the lock (idempotent).
    public func release() {
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
        fd = -1
    }
}
