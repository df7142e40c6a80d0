import CredSyncCore

/// Assigning a pending credential to a user (`c`): typing searches users by email, phone or name; `enter` claims
/// the selected one.
public struct ClaimDialog: Sendable, Equatable {
    public var credential: Credential
    public var query: String
    public var results: [User] = []
    public var selected = 0
    /// A search is on its way.
    public var searching = false
    public var error: String?

    public init(credential: Credential, query: String) {
        self.credential = credential
        self.query = query
    }
}
