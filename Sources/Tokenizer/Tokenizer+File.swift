import Foundation

/// Reads a whole file (load time only; the hot path never touches Foundation).
func readFile(_ path: String) throws(TokenizerError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadableVocabulary(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
    }
    return [UInt8](data)
}
