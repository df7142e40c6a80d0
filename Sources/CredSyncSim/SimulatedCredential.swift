/// One generated credential as the simulator serves it, before a contract writes it out. Identifiers are as the
/// platform sends them: mixed case, spaces, national or international phone shapes, or invalid on purpose.
public struct SimulatedCredential: Sendable, Equatable {
    /// The record's index in its platform, 0..<count.
    public var index: Int
    public var externalId: String
    public var firstName: String
    public var lastName: String
    /// As sent; nil when this learner's credential carries no email.
    public var email: String?
    /// As sent; nil when it carries no phone.
    public var phone: String?
    public var title: String
    /// Unix ms, midnight UTC.
    public var issuedMs: Int64
    public var expiresMs: Int64?
    /// Unix ms, whole seconds.
    public var updatedMs: Int64
    /// 0 for the original; the update generation that last changed it otherwise.
    public var revision: Int
    /// The issue date is written as an impossible date (`2024-02-30`), so an adapter must count the item invalid.
    public var hasInvalidDate: Bool
    /// Open Badges: the recipient is published hashed with this salt (nil: plain).
    public var hashSalt: String?

    public var name: String { "\(firstName) \(lastName)" }
}
