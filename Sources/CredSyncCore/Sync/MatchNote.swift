/// Why a credential stays pending; `text` is what the `match_note` column holds and the operator reads.
public enum MatchNote: Sendable, Hashable, CustomStringConvertible {
    /// The identifiers are usable but no user has them.
    case noUser
    /// The email and the phone point at different users.
    case conflict
    /// One identifier is shared by several users and nothing tells them apart.
    case ambiguous
    /// Identifiers were present but none is usable; the detail says which and why, e.g. `phone "12345"`.
    case invalidIdentifier(String)
    /// The credential carries no identifier at all; only a manual claim can match it.
    case noUsableIdentifier

    /// The stable text stored in `match_note`.
    public var text: String {
        switch self {
        case .noUser: "no user with this email or phone"
        case .conflict: "email and phone match different users"
        case .ambiguous: "several users share this email/phone"
        case .invalidIdentifier(let detail): "invalid identifier: \(detail)"
        case .noUsableIdentifier: "no usable identifier"
        }
    }

    public var description: String { text }
}
