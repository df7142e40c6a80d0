import Foundation

/// Writes command output: plain lines or one JSON document on stdout.
enum Output {
    static func line(_ text: String = "") {
        print(text)
    }

    /// One JSON document with sorted keys, so scripts and diffs see stable output.
    @discardableResult
    static func json<T: Encodable>(_ value: T) throws -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
        return 0
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("credsync: \(message)\n".utf8))
    }
}
