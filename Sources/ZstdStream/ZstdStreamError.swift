/// Why an input could not be read. Each case names the path, so the CLI can print it as is.
public enum ZstdStreamError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `open(2)` failed (missing file, no permission, …).
    case cannotOpen(path: String, reason: String)
    /// `read(2)` failed after the file was opened (a directory, an I/O error, …).
    case readFailed(path: String, reason: String)
    /// libzstd rejected the stream; `offset` is the compressed byte offset reached so far.
    case corrupt(path: String, offset: Int, reason: String)
    /// The input ended inside a zstd frame (a cut-off download, for example).
    case truncated(path: String, offset: Int)
    /// zlib rejected a gzip stream; `offset` is the compressed byte offset reached so far.
    case corruptGzip(path: String, offset: Int, reason: String)
    /// The input ended inside a gzip member.
    case truncatedGzip(path: String, offset: Int)

    public var path: String {
        switch self {
        case .cannotOpen(let p, _), .readFailed(let p, _), .corrupt(let p, _, _), .truncated(let p, _),
             .corruptGzip(let p, _, _), .truncatedGzip(let p, _): p
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): "\(p): cannot open: \(r)"
        case .readFailed(let p, let r): "\(p): read failed: \(r)"
        case .corrupt(let p, let o, let r): "\(p): corrupt zstd data near compressed byte \(o): \(r)"
        case .truncated(let p, let o): "\(p): zstd stream ends inside a frame (truncated file?) after \(o) compressed bytes"
        case .corruptGzip(let p, let o, let r): "\(p): corrupt gzip data near compressed byte \(o): \(r)"
        case .truncatedGzip(let p, let o): "\(p): gzip stream ends inside a member (truncated file?) after \(o) compressed bytes"
        }
    }
}
