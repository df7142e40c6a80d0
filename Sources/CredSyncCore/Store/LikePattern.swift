import Foundation

/// A case-insensitive substring search as an SQL `LIKE` pattern: what `/` in the dashboard's paged lists matches.
/// `%`, `_` and `\` in the text match themselves.
public struct LikePattern: Sendable, Equatable {
    /// The text as typed, trimmed.
    public let text: String
    /// `%text%`, escaped, in the case typed: SQLite's `LIKE` folds ASCII case itself and compares other letters as
    /// they are, so `Élodie` finds `Élodie` and `KAVYA` finds `Kavya`. No `lower()` on the columns: it folds no
    /// more than `LIKE` does and doubles the cost of a search over a million rows.
    let pattern: String

    /// nil for an empty search: every row.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        self.text = trimmed
        pattern =
            "%"
            + trimmed.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// Any of `columns` contains the text.
    func condition(anyOf columns: [String]) -> SQLCondition {
        let sql = columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
        return ("(\(sql))", Array(repeating: pattern, count: columns.count))
    }
}
