extension Operations {
    // MARK: - Claims

    /// Assigns a pending credential to the user named by id, email or phone (normalised as imports are).
    public func claim(_ credentialId: Int64, user reference: String) throws -> (credential: Credential, user: User) {
        let users = UserStore(db: db, clock: clock)
        let user = try users.resolve(reference, phoneNormalizer: context.phoneNormalizer)
        let credential = try CredentialStore(db: db, clock: clock).claim(credentialId, for: user, audit: context.audit)
        return (credential, user)
    }

    /// Rejects a pending credential; it stays stored, matched to no one.
    public func reject(_ credentialId: Int64, reason: String?) throws -> Credential {
        try CredentialStore(db: db, clock: clock).reject(credentialId, reason: reason, audit: context.audit)
    }

    /// Reverts the last claim or rejection of a credential.
    public func undoDecision(_ credentialId: Int64) throws -> Credential {
        try CredentialStore(db: db, clock: clock).undo(credentialId, audit: context.audit)
    }
}
