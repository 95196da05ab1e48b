#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line to stderr (diagnostics and reports; stdout is for data).
func printError(_ message: String) {
    writeStandardError(message + "\n")
}

/// One `write(2)` loop to fd 2 that ignores every error: a closed stderr (`2>&-`) or one whose
/// reader has gone (`| tee log` after Ctrl-C) must not stop the run. `FileHandle.write` traps on
/// such errors, which is why nothing here uses it.
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(2, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// Writes `text` to fd 1 with `write(2)`; false once stdout is gone (EPIPE, closed).
func writeStandardOutput(_ text: String) -> Bool {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(1, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// Process-wide settings made before any argument is parsed.
enum ProcessSetup {
    static func prepare() {
        // A write to a pipe whose reader has gone fails with EPIPE instead of killing the
        // process, so an interrupted run still removes its temporary files.
        signal(SIGPIPE, SIG_IGN)
        // A closed stdin, stdout or stderr (`2>&-`) gets /dev/null, so the first file the run
        // opens cannot become fd 2 and receive the diagnostics.
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 {
            let null = open("/dev/null", O_RDWR)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }
}
