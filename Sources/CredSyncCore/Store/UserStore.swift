/// Reads and writes `users`.
public struct UserStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    /// What an import did.
    public struct ImportSummary: Sendable, Equatable {
        public var created = 0
        public var updated = 0
        /// Pending credentials that matched one of the imported users.
        public var autoMatched = 0
    }

    /// Writes every row (updating users with the same `external_ref`) and re-matches pending credentials, in one
    /// transaction.
    public func importUsers(_ file: UserImport, phoneNormalizer: PhoneNormalizer) throws -> ImportSummary {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            var summary = ImportSummary()
            for row in file.rows {
                let values: [any DatabaseValueConvertible] = [
                    row.name, row.email, row.emailNormalized, row.phone, row.phoneNormalized,
                ]
                if let ref = row.externalRef,
                    let id = try db.first("SELECT id FROM users WHERE external_ref = ?", [ref], { $0.int64(0) })
                {
                    try db.run(
                        "UPDATE users SET name = ?, email = ?, email_normalized = ?, phone = ?, phone_normalized = ? WHERE id = ?",
                        values + [id])
                    summary.updated += 1
                } else {
                    try db.run(
                        """
                        INSERT INTO users (name, email, email_normalized, phone, phone_normalized, external_ref, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, values + [row.externalRef, now])
                    summary.created += 1
                }
            }
            summary.autoMatched = try PendingRematcher(db: db, clock: clock, phoneNormalizer: phoneNormalizer).rematch(
                forEmails: Set(file.rows.compactMap(\.emailNormalized)), phones: Set(file.rows.compactMap(\.phoneNormalized)))
            return summary
        }
    }

    static let columns = "id, external_ref, name, email, phone, created_at"

    static func user(_ row: Row) -> User {
        User(
            id: row.int64(0), externalRef: row.optionalText(1), name: row.text(2), email: row.optionalText(3),
            phone: row.optionalText(4), createdAtMs: row.int64(5))
    }

    public func user(id: Int64) throws -> User? {
        try db.first("SELECT \(Self.columns) FROM users WHERE id = ?", [id], Self.user)
    }

    /// Users whose name, email or phone contains `search` (case-insensitive), by name.
    public func users(search: String? = nil, limit: Int = 100) throws -> [User] {
        let pattern = search.map { "%\($0.lowercased())%" }
        return try db.all(
            """
            SELECT \(Self.columns) FROM users
            WHERE ? IS NULL OR lower(name) LIKE ? OR email_normalized LIKE ? OR phone_normalized LIKE ? OR phone LIKE ?
            ORDER BY name, id LIMIT ?
            """, [pattern, pattern, pattern, pattern, pattern, limit], Self.user)
    }

    /// A user named by id, email or phone (as an operator types it); an error when none or several match.
    public func resolve(_ reference: String, phoneNormalizer: PhoneNormalizer) throws -> User {
        var ids: [Int64] = []
        if let id = Int64(reference), try user(id: id) != nil {
            ids = [id]
        } else if let email = EmailNormalizer.normalize(reference) {
            ids = try UserDirectory(db: db).users(withEmail: email)
        } else if let phone = phoneNormalizer.normalize(reference) {
            ids = try UserDirectory(db: db).users(withPhone: phone)
        }
        guard ids.count == 1, let user = try user(id: ids[0]) else {
            throw CredentialError.userNotFound(reference, ambiguous: ids.count > 1)
        }
        return user
    }
}
