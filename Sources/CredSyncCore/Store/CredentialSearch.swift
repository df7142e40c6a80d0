import Foundation

/// What the dashboard's `/` and `credsync credentials --search` find among credentials: a case-insensitive substring of the platform's name,
/// the learner's name, email or phone, the title, the match note or the platform's id for it; an email or phone is also compared in the
/// normal form matching uses, so `+91 98765 43210` finds `9876543210`.
public struct CredentialSearch: Sendable, Equatable {
    let like: LikePattern
    /// The text as a normalised email, when it reads as one.
    let email: String?
    /// The text as a normalised phone, when it reads as one.
    let phone: String?

    /// nil for an empty search: every credential.
    public init?(_ text: String, phones: PhoneNormalizer) {
        guard let like = LikePattern(text) else { return nil }
        self.like = like
        email = EmailNormalizer.normalize(like.text)
        phone = like.text.contains(where: \.isNumber) ? phones.normalize(like.text) : nil
    }

    /// The SQL condition over `c` (external_credentials) and `p` (platforms), and its values.
    var condition: SQLCondition {
        let text = like.condition(anyOf: [
            "p.name", "c.learner_name", "c.learner_email", "c.learner_phone", "c.certificate_title", "c.match_note",
            "c.external_id",
        ])
        let sql = "(\(text.sql) OR c.email_normalized = ? OR c.phone_normalized LIKE ?)"
        return (sql, text.values + [email, phone.map { "%\($0)%" }])
    }
}
