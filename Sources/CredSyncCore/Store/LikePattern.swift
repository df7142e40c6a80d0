import Foundation

/// A case-insensitive substring search as an SQL `LIKE` pattern: what `/` in the dashboard's paged lists matches.
/// `%`, `_` and `\` in the text match themselves.
public struct LikePattern: Sendable, Equatable {
    /// The text as typed, trimmed.
    public let text: String
    /// `%text%`, lower-cased and escaped.
    let pattern: String

    /// nil for an empty search: every row.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        self.text = trimmed
        pattern =
            "%"
            + trimmed.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// Any of `columns` contains the text.
    func condition(anyOf columns: [String]) -> SQLCondition {
        let sql = columns.map { "lower(\($0)) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
        return ("(\(sql))", Array(repeating: pattern, count: columns.count))
    }
}
