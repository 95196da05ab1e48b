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
/// faults. A regular file is read into an array of its size; what is left after that (a pipe,
/// or a file that grew) is appended in chunks.
package func readWholeFile(_ path: String) throws(FileReadFailure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw FileReadFailure(reason: errno == ENOENT ? "no such file" : "cannot be read") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { throw FileReadFailure(reason: "cannot be read") }
    /// Reads into `buffer` until it is full or the file ends: the bytes read, or -1 on an error.
    func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var n = 0
        while n < buffer.count {
            let r = read(fd, buffer.baseAddress! + n, buffer.count - n)
            if r < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if r == 0 { break }
            n += r
        }
        return n
    }
    let size = max(Int(info.st_size), 0)
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        // SAFETY: `fill` writes at most buffer.count bytes and says how many.
        let n = size > 0 ? fill(UnsafeMutableRawBufferPointer(buffer)) : 0
        failed = n < 0
        initialized = max(n, 0)
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while !failed {
        let n = chunk.withUnsafeMutableBytes { fill($0) }
        if n < 0 { failed = true }
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[..<n])
    }
    if failed { throw FileReadFailure(reason: "cannot be read") }
    return bytes
}

/// Reads a whole tiktoken vocabulary file.
func readFile(_ path: String) throws(TokenizerError) -> [UInt8] {
    do throws(FileReadFailure) { return try readWholeFile(path) } catch {
        throw .unreadableVocabulary(file: path, reason: error.reason)
    }
}
