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
        /// Imported emails and phones that more than one user now has, and the pending credentials they leave
        /// ambiguous (they stay pending as conflicts until the users are told apart or claimed by hand).
        public var sharedEmails = 0
        public var sharedPhones = 0
        public var ambiguousCredentials = 0
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
                if let id = try existingUser(for: row, identity: file.identity) {
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
            // Candidates a sync's prefetch thread read before this import no longer hold.
            try UserDirectory(db: db).advanceGeneration()
            let emails = Set(file.rows.compactMap(\.emailNormalized))
            let phones = Set(file.rows.compactMap(\.phoneNormalized))
            summary.autoMatched = try PendingRematcher(db: db, clock: clock, phoneNormalizer: phoneNormalizer).rematch(
                forEmails: emails, phones: phones)
            let sharedEmails = try shared("email_normalized", among: emails)
            let sharedPhones = try shared("phone_normalized", among: phones)
            summary.sharedEmails = sharedEmails.count
            summary.sharedPhones = sharedPhones.count
            summary.ambiguousCredentials = try pendingCount(emails: sharedEmails, phones: sharedPhones)
            return summary
        }
    }

    /// The user a row updates: by `external_ref`, or (without one) by the normalised identifier `identity` names.
    private func existingUser(for row: UserImport.Row, identity: UserImport.Identity) throws -> Int64? {
        if let ref = row.externalRef {
            return try db.first("SELECT id FROM users WHERE external_ref = ?", [ref], { $0.int64(0) })
        }
        let match: (column: String, value: String?) =
            switch identity {
            case .externalRef: ("external_ref", nil)
            case .email: ("email_normalized", row.emailNormalized)
            case .phone: ("phone_normalized", row.phoneNormalized)
            }
        guard let value = match.value else { return nil }
        return try db.first(
            "SELECT id FROM users WHERE \(match.column) = ? ORDER BY id LIMIT 1", [value], { $0.int64(0) })
    }

    /// Which of `values` more than one user has in `column`.
    private func shared(_ column: String, among values: Set<String>) throws -> [String] {
        try values.sorted().filter { value in
            (try db.first("SELECT count(*) FROM users WHERE \(column) = ?", [value], { $0.int(0) }) ?? 0) > 1
        }
    }

    /// Pending credentials with one of `emails` or `phones`.
    private func pendingCount(emails: [String], phones: [String]) throws -> Int {
        try PendingRematcher.pendingIds(db: db, emails: Set(emails), phones: Set(phones), withHashedRecipients: false)
            .count
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

    /// Users whose name, email or phone contains `search` (case-insensitive), by name. A search that reads as a
    /// phone number (`093651 45236`, `+91 93651-45236`) also finds the user with that number in normal form, as the
    /// import stored it.
    public func users(search: String? = nil, phoneNormalizer: PhoneNormalizer? = nil, limit: Int = 100) throws -> [User] {
        let pattern = search.map { "%\($0.lowercased())%" }
        let phone = search.flatMap { phoneNormalizer?.normalize($0) }
        return try db.all(
            """
            SELECT \(Self.columns) FROM users
            WHERE ? IS NULL OR lower(name) LIKE ? OR email_normalized LIKE ? OR phone_normalized LIKE ? OR phone LIKE ?
               OR phone_normalized = ?
            ORDER BY name, id LIMIT ?
            """, [pattern, pattern, pattern, pattern, pattern, phone, limit], Self.user)
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
