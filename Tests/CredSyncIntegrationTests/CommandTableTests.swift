import CredSyncTestSupport
import Foundation
import Testing

/// The command table behind `credsync help`, the shell completions and the man page, checked against the binary:
/// every command it lists is dispatched, every option it lists is accepted, every shell's script names every
/// command, and the checked-in man page is the generated one.
@Suite struct CommandTableTests {
    let home = TemporaryDirectory("credsync-commands")
    static let unknownOption = "--no-such-option-zz"

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(
            arguments + ["--db", home.file("commands.db")], environment: CredsyncProcess.environment(home: home.path))
    }

    /// The commands `credsync help` lists: the first word of each line indented by two spaces.
    func helpCommands() throws -> [String] {
        let help = try run(["help"])
        #expect(help.status == 0)
        let words = help.stdout.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = line.split(separator: " ").first,
                first.allSatisfy({ $0.isLowercase })
            else { return nil }
            return String(first)
        }
        return Array(Set(words)).sorted()
    }

    /// Each command of the bash script with the words that may follow it (`name) words="…"` lines).
    func bashTable() throws -> [String: [String]] {
        let script = try run(["completions", "bash"]).stdout
        var table: [String: [String]] = [:]
        for line in script.split(separator: "\n") {
            guard let match = line.firstMatch(of: /^\s+([a-z]+)\) words="([^"]*)"/) else { continue }
            table[String(match.output.1)] = match.output.2.split(separator: " ").map(String.init)
        }
        return table
    }

    @Test func everyShellsScriptNamesEveryCommandOfTheHelp() throws {
        let commands = try helpCommands()
        #expect(commands.contains("metrics") && commands.contains("platforms") && commands.contains("completions"))
        for shell in ["bash", "zsh", "fish"] {
            let script = try run(["completions", shell])
            #expect(script.status == 0)
            let words = Set(script.stdout.split { !$0.isLetter }.map(String.init))
            for command in commands {
                // zsh describes each command as 'name:summary'; bash and fish list the names as words.
                #expect(
                    shell == "zsh" ? script.stdout.contains("'\(command):") : words.contains(command),
                    "\(shell): \(command)")
            }
        }
        let bash = try run(["completions", "bash"]).stdout
        let checked = try Process.run(URL(fileURLWithPath: "/bin/bash"), arguments: ["-n", "-c", bash])
        checked.waitUntilExit()
        #expect(checked.terminationStatus == 0)
        let unknown = try run(["completions", "tcsh"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("usage: credsync completions bash|zsh|fish"))
    }

    @Test func everyListedCommandIsDispatchedAndEveryListedOptionAccepted() throws {
        let table = try bashTable()
        for command in try helpCommands() {
            let result = try run([command, Self.unknownOption])
            #expect(!result.stderr.contains("unknown command"), "\(command): \(result.stderr)")
        }
        #expect(table["scheduler"]?.contains("--cron") == true)
        for (command, words) in table {
            // `scheduler` and `cron` read their options after the subcommand.
            let subcommand = ["scheduler": ["status"], "cron": ["next"]][command] ?? []
            for option in words where option.hasPrefix("--") {
                let result = try run([command] + subcommand + ["\(option)=1", Self.unknownOption])
                // A known option takes the value and stops at the unknown one; a known flag refuses the value.
                #expect(
                    result.stderr.contains("unknown option \(Self.unknownOption)")
                        || result.stderr.contains("\(option) takes no value"),
                    "credsync \(command) does not take \(option): \(result.stderr)")
            }
        }
    }

    @Test func theCheckedInManPageIsTheGeneratedOne() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let checkedIn = try String(contentsOf: repository.appendingPathComponent("docs/credsync.1"), encoding: .utf8)
        let generated = try run(["help", "--man"])
        #expect(generated.status == 0)
        #expect(checkedIn == generated.stdout, "docs/credsync.1 is stale: run 'make man'")
        for section in [
            "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES",
        ] {
            #expect(checkedIn.contains(".SH \(section)\n"), "\(section)")
        }
        #expect(checkedIn.contains(".B METRICS_TEXTFILE\n") && checkedIn.contains(".B metrics\n"))
    }
}
