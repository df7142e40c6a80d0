/// An account credentials are matched to.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var externalRef: String?
    public var name: String
    public var email: String?
    public var phone: String?
    public var createdAtMs: Int64
}
