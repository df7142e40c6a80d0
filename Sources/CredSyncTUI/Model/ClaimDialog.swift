import CredSyncCore

/// Assigning a pending credential to a user (`c`): typing searches users by email, phone or name; `enter` claims
/// the selected one after a confirmation; the dialog compares the credential's learner with the selected user.
public struct ClaimDialog: Sendable, Equatable {
    public var credential: Credential
    public var query: String
    public var results: [User] = []
    public var selected = 0
    /// A search is on its way.
    public var searching = false
    public var error: String?
    /// `enter` chose the selected user: the dialog asks `y`/`n` before claiming.
    public var confirming = false

    public init(credential: Credential, query: String) {
        self.credential = credential
        self.query = query
    }
}
