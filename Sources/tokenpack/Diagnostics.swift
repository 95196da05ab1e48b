import Foundation

/// Writes one line to stderr (diagnostics and reports; stdout is for data).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
