#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PackedFormat

/// How a job's files become final as a whole (README "Output format", "Crash safety").
///
/// `PREFIX.meta.json` is the commit record: it is removed first, the data files are renamed,
/// and the new meta.json, which lists every other file's size under `"files"`, is renamed last,
/// with the directory fsynced after each step. A kill at any moment therefore leaves either the
/// old complete set, or a set without meta.json (which `verify` and `--skip-completed` reject),
/// or the new complete set; never a meta.json beside files of another run. `DatasetCheck`
/// compares the recorded sizes with the files, so even a hand-assembled set shows as torn.
enum CommitRecord {
    /// meta.json key: `{"NAME": bytes}` for every other file of the set (base names).
    static let key = "files"

    /// Sizes of the temporary files, under their final base names.
    static func sizes(_ renames: [(temporary: String, final: String)]) throws(PipelineError) -> [String: Int] {
        var out: [String: Int] = [:]
        for (tmp, final) in renames {
            var st = stat()
            guard stat(tmp, &st) == 0 else { throw .output(path: final, message: "\(tmp): cannot stat: \(String(cString: strerror(errno)))") }
            out[(final as NSString).lastPathComponent] = Int(st.st_size)
        }
        return out
    }

    /// Writes `data` to `path` and fsyncs it; errors (ENOSPC, EFBIG) name `finalPath`'s temporary.
    static func writeSynced(_ data: Data, to path: String, finalPath: String) throws(PipelineError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .output(path: finalPath, message: "\(path): cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (b: UnsafeRawBufferPointer) in
            var off = 0
            while off < b.count {
                let n = write(fd, b.baseAddress! + off, b.count - off)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                off += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if failure != 0 { throw .output(path: finalPath, message: "\(path): write failed: \(String(cString: strerror(failure)))") }
    }

    /// fsyncs the directory holding `path`, so renames and unlinks in it are durable.
    static func syncDirectory(of path: String) throws(PipelineError) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .output(path: dir, message: "\(dir): cannot open the directory to sync it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL {
            throw .output(path: dir, message: "\(dir): fsync of the directory failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The commit: old meta.json out, data files in, new meta.json in (each step made durable).
    static func commit(renames: [(temporary: String, final: String)], metaTemporary: String, metaPath: String) throws(PipelineError) {
        if unlink(metaPath) != 0 && errno != ENOENT {
            throw .output(path: metaPath, message: "\(metaPath): cannot remove the previous run's commit record: \(String(cString: strerror(errno)))")
        }
        try syncDirectory(of: metaPath)
        for (tmp, final) in renames where rename(tmp, final) != 0 {
            throw .output(path: final, message: "\(final): cannot rename \(tmp): \(String(cString: strerror(errno)))")
        }
        try syncDirectory(of: metaPath)
        if rename(metaTemporary, metaPath) != 0 {
            throw .output(path: metaPath, message: "\(metaPath): cannot rename \(metaTemporary): \(String(cString: strerror(errno)))")
        }
        try syncDirectory(of: metaPath)
    }

    /// Why the files beside `meta` are not the set it records, or nil (also nil for a meta.json
    /// written before sizes were recorded).
    static func mismatch(_ meta: [String: Any], metaPath: String) -> String? {
        guard let files = meta[key] as? [String: Any] else { return nil }
        let dir = (metaPath as NSString).deletingLastPathComponent
        for name in files.keys.sorted() {
            guard let size = files[name] as? Int else { return "\(metaPath): \"\(key)\".\(name) is not a size" }
            let path = dir.isEmpty ? name : dir + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else { return "\(path) is missing, but \(metaPath) records it (\(size) bytes): a torn or partly removed set" }
            if Int(st.st_size) != size {
                return "\(path) is \(st.st_size) bytes, but \(metaPath) records \(size): the file is not from the run that wrote meta.json (a torn set)"
            }
        }
        return nil
    }
}
