import CredSyncCore
import Foundation

/// Writes command output: plain lines or one JSON document on stdout, errors on stderr. Everything passes through
/// the redactor first (SPEC §7): secrets this process has seen, and secret-named fields, never reach a terminal or
/// a script.
enum Output {
    static func line(_ text: String = "") {
        print(TerminalText.safe(redact(text)))
    }

    /// One JSON document with sorted keys, so scripts and diffs see stable output.
    @discardableResult
    static func json<T: Encodable>(_ value: T) throws -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(redact(String(decoding: try encoder.encode(value), as: UTF8.self)))
        return 0
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows.map { $0.map { TerminalText.safe(redact($0)) } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// One line on stderr, redacted as a message (URLs lose their query strings too).
    static func error(_ message: String) {
        FileHandle.standardError.write(
            Data("credsync: \(TerminalText.safe(SecretRegistry.shared.redact(message)))\n".utf8))
    }

    /// Progress and notes on stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(TerminalText.safe(redact(text)))\n".utf8))
    }

    /// Data as it may be shown: secrets masked, everything else (URLs with their queries) kept.
    static func redact(_ text: String) -> String {
        SecretRegistry.shared.redact(text, mode: .document)
    }
}
