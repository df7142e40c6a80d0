import Foundation

/// What the dashboard's `/` and `credsync credentials --search` find among credentials: a case-insensitive substring of the platform's name,
/// the learner's name, email or phone, the title, the match note or the platform's id for it; an email or phone is also compared in the
/// normal form matching uses, so `+91 98765 43210` finds `9876543210`.
public struct CredentialSearch: Sendable, Equatable {
    /// The text as typed, for `LIKE`: SQLite's `LIKE` folds ASCII case itself and compares other letters as they
    /// are, so `Élodie` finds `Élodie` and `KAVYA` finds `Kavya`. No `lower()` on the columns: it folds no more than
    /// `LIKE` does and doubles the cost of a search over a million rows.
    let pattern: String
    /// The text as a normalised email, when it reads as one.
    let email: String?
    /// The text as a normalised phone, when it reads as one.
    let phone: String?

    /// nil for an empty search: every credential.
    public init?(_ text: String, phones: PhoneNormalizer) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        pattern = "%" + trimmed.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        email = EmailNormalizer.normalize(trimmed)
        phone = trimmed.contains(where: \.isNumber) ? phones.normalize(trimmed) : nil
    }

    /// The SQL condition over `c` (external_credentials) and `p` (platforms), and its values.
    var condition: (sql: String, values: [any DatabaseValueConvertible]) {
        let like = ["p.name", "c.learner_name", "c.learner_email", "c.learner_phone", "c.certificate_title", "c.match_note",
            "c.external_id"]
            .map { "\($0) LIKE ? ESCAPE '\\'" }
        let sql = "(" + (like + ["c.email_normalized = ?", "c.phone_normalized LIKE ?"]).joined(separator: " OR ") + ")"
        let values: [any DatabaseValueConvertible] = Array(repeating: pattern, count: like.count) + [email, phone.map { "%\($0)%" }]
        return (sql, values)
    }
}
