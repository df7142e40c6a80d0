/// Reads credentials and applies the operator's decisions: claim, reject, and undo — each recorded with who and
/// when in `credential_decisions` and the audit log.
public struct CredentialStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    /// Filters for listings.
    public struct Filter: Sendable, Equatable {
        public var status: Credential.Status?
        public var platformId: Int64?
        public var search: CredentialSearch?
        public var limit: Int
        public var afterId: Int64?

        public init(
            status: Credential.Status? = nil, platformId: Int64? = nil, search: CredentialSearch? = nil, limit: Int = 100,
            afterId: Int64? = nil
        ) {
            self.status = status
            self.platformId = platformId
            self.search = search
            self.limit = limit
            self.afterId = afterId
        }
    }

    /// A credential's learner identifier: stored only when it is not the normalised email or phone its type names
    /// (a hashed recipient's `sha256$…`), so each identifier is stored once (migration 5).
    static let learnerIdentifierSQL = """
        coalesce(c.learner_identifier, CASE c.identifier_type WHEN 'email' THEN c.email_normalized \
        WHEN 'phone' THEN c.phone_normalized END)
        """

    static let columns = """
        c.id, c.platform_id, p.name, c.external_id, \(learnerIdentifierSQL), c.identifier_type, c.learner_email,
        c.learner_phone, c.learner_name, c.certificate_title, c.issued_at, c.expires_at, c.certificate_url, c.status,
        c.user_id, c.matched_by, c.match_note, c.created_at, c.updated_at
        FROM external_credentials c JOIN platforms p ON p.id = c.platform_id
        """

    static func credential(_ row: Row) -> Credential {
        Credential(
            id: row.int64(0), platformId: row.int64(1), platformName: row.text(2), externalId: row.text(3),
            learnerIdentifier: row.optionalText(4), identifierType: row.optionalText(5), learnerEmail: row.optionalText(6),
            learnerPhone: row.optionalText(7), learnerName: row.optionalText(8), title: row.optionalText(9),
            issuedAtMs: row.optionalInt64(10), expiresAtMs: row.optionalInt64(11), url: row.optionalText(12),
            status: Credential.Status(rawValue: row.text(13)) ?? .pending, userId: row.optionalInt64(14),
            matchedBy: row.optionalText(15), matchNote: row.optionalText(16), createdAtMs: row.int64(17),
            updatedAtMs: row.int64(18))
    }

    public func credential(id: Int64) throws -> Credential? {
        try db.first("SELECT \(Self.columns) WHERE c.id = ?", [id], Self.credential)
    }

    /// The raw item as received.
    public func raw(id: Int64) throws -> String? {
        try db.first("SELECT raw FROM external_credentials WHERE id = ?", [id]) { $0.optionalText(0) } ?? nil
    }

    /// Credentials by id, filtered; `afterId` pages through large sets.
    public func credentials(_ filter: Filter) throws -> [Credential] {
        let search = filter.search?.condition
        return try db.all(
            """
            SELECT \(Self.columns)
            WHERE (? IS NULL OR c.status = ?) AND (? IS NULL OR c.platform_id = ?) AND c.id > ?
            """ + (search.map { " AND \($0.sql)" } ?? "") + " ORDER BY c.id LIMIT ?",
            [filter.status?.rawValue, filter.status?.rawValue, filter.platformId, filter.platformId, filter.afterId ?? 0]
                + (search?.values ?? []) + [filter.limit], Self.credential)
    }

    /// How many credentials a platform holds.
    public func count(platformId: Int64) throws -> Int {
        try db.first("SELECT count(*) FROM external_credentials WHERE platform_id = ?", [platformId]) { $0.int(0) } ?? 0
    }

    /// How many credentials wait for a match or an operator's decision.
    public func pendingCount() throws -> Int {
        try db.first("SELECT count(*) FROM external_credentials WHERE status = 'pending'") { $0.int(0) } ?? 0
    }

    // MARK: - Decisions

    /// Assigns a pending credential to `user` (`matched_by = manual`).
    public func claim(_ credentialId: Int64, for user: User, audit: AuditLog) throws -> Credential {
        try decide(credentialId, action: "claim", audit: audit, details: ["user_id": .integer(user.id)]) {
            try db.run(
                """
                UPDATE external_credentials SET status = 'matched', user_id = ?, matched_by = 'manual', match_note = NULL,
                    updated_at = ?
                WHERE id = ?
                """, [user.id, clock.nowMs, credentialId])
        }
    }

    /// Rejects a pending credential: it stays stored but is matched to no one.
    public func reject(_ credentialId: Int64, reason: String?, audit: AuditLog) throws -> Credential {
        try decide(credentialId, action: "reject", audit: audit, details: reason.map { ["reason": .string($0)] } ?? [:]) {
            try db.run(
                "UPDATE external_credentials SET status = 'rejected', match_note = ?, updated_at = ? WHERE id = ?",
                [reason.map { "rejected: \($0)" } ?? "rejected by the operator", clock.nowMs, credentialId])
        }
    }

    /// Reverts the last claim or rejection of a credential to the state before it.
    public func undo(_ credentialId: Int64, audit: AuditLog) throws -> Credential {
        try db.transaction(.immediate) {
            guard
                let decision = try db.first(
                    """
                    SELECT id, action, previous_status, previous_user_id, previous_matched_by, previous_match_note
                    FROM credential_decisions WHERE credential_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1
                    """, [credentialId],
                    {
                        (
                            id: $0.int64(0), action: $0.text(1), status: $0.text(2), userId: $0.optionalInt64(3),
                            matchedBy: $0.optionalText(4), note: $0.optionalText(5)
                        )
                    })
            else { throw CredentialError.nothingToUndo(credentialId) }
            try db.run(
                """
                UPDATE external_credentials SET status = ?, user_id = ?, matched_by = ?, match_note = ?, updated_at = ?
                WHERE id = ?
                """, [decision.status, decision.userId, decision.matchedBy, decision.note, clock.nowMs, credentialId])
            try db.run(
                "UPDATE credential_decisions SET undone_at = ?, undone_by = ? WHERE id = ?",
                [clock.nowMs, audit.actor, decision.id])
            try audit.record(
                "credential.undo", target: "credential:\(credentialId)",
                details: ["undid": .string(decision.action), "restored_status": .string(decision.status)])
            return try credential(id: credentialId)!
        }
    }

    private func decide(
        _ credentialId: Int64, action: String, audit: AuditLog, details: JSONObject, apply: () throws -> Void
    ) throws -> Credential {
        try db.transaction(.immediate) {
            guard let current = try credential(id: credentialId) else { throw CredentialError.notFound(credentialId) }
            guard current.status == .pending else { throw CredentialError.notPending(credentialId, current.status) }
            try db.run(
                """
                INSERT INTO credential_decisions (credential_id, action, previous_status, previous_user_id,
                    previous_matched_by, previous_match_note, actor, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    credentialId, action, current.status.rawValue, current.userId, current.matchedBy, current.matchNote,
                    audit.actor, clock.nowMs,
                ])
            try apply()
            try audit.record("credential.\(action)", target: "credential:\(credentialId)", details: details)
            return try credential(id: credentialId)!
        }
    }
}
