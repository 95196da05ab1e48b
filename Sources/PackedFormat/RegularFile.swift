#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dataset files are read only when they are regular files: opening a FIFO put where an
/// `.idx` or `meta.json` belongs would block until some writer appeared, and a device could
/// be endless. `stat` does not open, so this check cannot hang.
public enum RegularFile {
    /// Why `path` (following symbolic links) is not a regular file, or nil when it is one or
    /// does not exist (the caller's open then reports that).
    public static func problem(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory, not a regular file"
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
        default: return "is not a regular file"
        }
    }

    /// Throws when `path` exists and is not a regular file.
    public static func check(_ path: String) throws(PackedFormatError) {
        if let why = problem(path) { throw PackedFormatError(path: path, why) }
    }
}
