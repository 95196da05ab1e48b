import Foundation
import TestSupport
import Testing

/// `--flag` words in `text` (a flag is `--` then a letter, then letters, digits and `-`).
func longFlags(_ text: String) -> Set<String> {
    var out: Set<String> = []
    let b = Array(text.utf8)
    var i = 0
    func isWord(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D }
    while i + 2 < b.count {
        if b[i] == 0x2D && b[i + 1] == 0x2D && b[i + 2] >= 0x61 && b[i + 2] <= 0x7A && (i == 0 || !isWord(b[i - 1])) {
            var j = i + 2
            while j < b.count && isWord(b[j]) { j += 1 }
            out.insert(String(decoding: b[i ..< j], as: UTF8.self))
            i = j
        } else {
            i += 1
        }
    }
    return out
}

/// README's "Command reference" and `--help` agree: every flag the help of any subcommand
/// shows is described there, and every flag the reference's tables and headings name exists.
/// README is read when the test runs, so flags added later are held to the same rule.
@Suite struct ReadmeFlagsTests {
    static func commandReference() throws -> String {
        let readme = try String(contentsOf: Reference.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## Command reference") else { throw CLIError("README has no Command reference") }
        let rest = readme[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Subcommand names from the top-level help's SUBCOMMANDS list.
    static func subcommands() throws -> [String] {
        let help = try CLI.run(["--help"]).stdout
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" }
    }

    @Test func everyFlagInHelpIsInTheReadme() throws {
        let reference = try Self.commandReference()
        let documented = longFlags(reference)
        let commands = try Self.subcommands()
        #expect(commands.contains("encode") && commands.contains("inspect"), "\(commands)")
        for command in [[]] + commands.map({ [$0] }) {
            let help = try CLI.run(command + ["--help"])
            #expect(help.status == 0)
            for flag in longFlags(help.stdout).sorted() {
                #expect(documented.contains(flag), "`tokenpack \(command.joined()) --help` shows \(flag), which README's Command reference does not describe")
            }
        }
    }

    @Test func everyFlagTheReadmeDocumentsExists() throws {
        let reference = try Self.commandReference()
        var named: Set<String> = []
        for line in reference.split(separator: "\n") where line.hasPrefix("| `-") || line.hasPrefix("### `tokenpack") {
            let firstColumn = line.hasPrefix("|") ? String(line.dropFirst().prefix { $0 != "|" }) : String(line)
            named.formUnion(longFlags(firstColumn))
        }
        #expect(named.count > 10, "\(named)")
        var known: Set<String> = []
        for command in [[]] + (try Self.subcommands()).map({ [$0] }) {
            known.formUnion(longFlags(try CLI.run(command + ["--help"]).stdout))
        }
        for flag in named.sorted() {
            #expect(known.contains(flag), "README documents \(flag), which no `tokenpack … --help` shows")
        }
    }
}

@Suite struct ReadmeWordingTests {
    /// README speaks to users: no project-internal floors, goals or issue numbers.
    @Test func noInternalTargetsOrIssueNumbers() throws {
        let readme = try String(contentsOf: Reference.packageRoot.appendingPathComponent("README.md"), encoding: .utf8).lowercased()
        for word in ["floor", "goal", "issue", "against the target", "% target", "(target"] {
            #expect(!readme.contains(word), "README says \"\(word)\"")
        }
        let b = Array(readme.utf8)
        for i in 0 ..< b.count - 1 where b[i] == UInt8(ascii: "#") && b[i + 1] >= 0x30 && b[i + 1] <= 0x39 {
            Issue.record("README has an issue-like number at byte \(i)")
        }
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
