#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `readWholeFile` failed: "no such file" or "cannot be read".
package struct FileReadFailure: Error {
    package let reason: String
}

/// The bytes of a whole file (load time only), read straight into one array: Foundation's
/// `Data` and then `[UInt8]` made two 20 MB copies of a Qwen3.5 tokenizer.json and their page
/// faults. Regular files are read at their size; anything else (a pipe) until end of file.
package func readWholeFile(_ path: String) throws(FileReadFailure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw FileReadFailure(reason: errno == ENOENT ? "no such file" : "cannot be read") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { throw FileReadFailure(reason: "cannot be read") }
    var bytes: [UInt8] = []
    var capacity = max(Int(info.st_size), 0) + 1  // + 1: end of file is seen without a regrowth
    var count = 0
    while true {
        if count == capacity { capacity *= 2 }
        var failed = false
        var atEnd = false
        let target = capacity
        let filled = count
        var grown = [UInt8](unsafeUninitializedCapacity: target) { buffer, initialized in
            // SAFETY: `filled` bytes of the old array are copied in, then `read` writes at most
            // target - filled bytes after them; only what was written is counted.
            bytes.withUnsafeBufferPointer { old in
                if filled > 0 { buffer.baseAddress!.update(from: old.baseAddress!, count: filled) }
            }
            var n = filled
            while n < target {
                let r = read(fd, buffer.baseAddress! + n, target - n)
                if r < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                if r == 0 {
                    atEnd = true
                    break
                }
                n += r
            }
            initialized = n
        }
        if failed { throw FileReadFailure(reason: "cannot be read") }
        count = grown.count
        swap(&bytes, &grown)
        if atEnd { return bytes }
    }
}

/// Reads a whole tiktoken vocabulary file.
func readFile(_ path: String) throws(TokenizerError) -> [UInt8] {
    do throws(FileReadFailure) { return try readWholeFile(path) } catch {
        throw .unreadableVocabulary(file: path, reason: error.reason)
    }
}
