/// A stored credential, as listings and the dashboard show it.
public struct Credential: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        case pending, matched, rejected
    }

    public var id: Int64
    public var platformId: Int64
    public var platformName: String
    public var externalId: String
    public var learnerIdentifier: String?
    public var identifierType: String?
    public var learnerEmail: String?
    public var learnerPhone: String?
    public var learnerName: String?
    public var title: String?
    public var issuedAtMs: Int64?
    public var expiresAtMs: Int64?
    public var url: String?
    public var status: Status
    public var userId: Int64?
    public var matchedBy: String?
    public var matchNote: String?
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
}
