/// Finds the users a credential's identifiers point at: the I/O half of matching, `Matcher` being the pure half.
///
/// Plain identifiers are one indexed lookup each (`users_email_normalized`, `users_phone_normalized`).
/// Hashed identities cannot be looked up: every user's normalised email or phone must be hashed with the
/// credential's salt, O(users) per distinct salt. That is acceptable for Open Badges platforms only, so the lookup
/// takes a whole batch of identities and reads the users once per batch and identifier type, hashing each user once
/// per distinct salt (issuers that use one salt for every badge cost one hash per user per batch). Every match is
/// collected, not just the first two: stopping early saves nothing when zero or one user matches — the usual case,
/// which reads every user anyway — and `Matcher` needs the full set to check one identifier against the other.
///
/// Uses the connection's statement cache; like the connection, use it on one thread.
public struct UserDirectory {
    /// The users each identifier of one credential found, sorted, for `Matcher.decide`.
    ///
    /// Of a credential's plain identifiers of one type (an Open Badges credential may list several) the first, in
    /// order, that finds any user is the one whose users count; its hashed identities' users are added to those.
    public struct Candidates: Sendable, Hashable {
        public var usersByEmail: [Int64] = []
        public var usersByPhone: [Int64] = []
        /// The plain email (normal form) whose users `usersByEmail` holds; nil when no plain email found a user.
        public var email: String?
        /// The plain phone (normal form) whose users `usersByPhone` holds; nil when no plain phone found a user.
        public var phone: String?

        public init(
            usersByEmail: [Int64] = [], usersByPhone: [Int64] = [], email: String? = nil, phone: String? = nil
        ) {
            self.usersByEmail = usersByEmail
            self.usersByPhone = usersByPhone
            self.email = email
            self.phone = phone
        }
    }

    private let db: Connection

    public init(db: Connection) {
        self.db = db
    }

    /// The users' generation: it moves with every change to the users (`advanceGeneration`), so candidates read at
    /// one generation hold while it stays.
    public func generation() throws -> Int64 {
        try db.first("SELECT value FROM generations WHERE name = 'users'") { $0.int64(0) } ?? 0
    }

    /// Moves the generation: every writer of `users` calls it in the transaction that writes them.
    func advanceGeneration() throws {
        try db.run("UPDATE generations SET value = value + 1 WHERE name = 'users'")
    }

    // MARK: - Plain identifiers

    /// Ids of the users whose `email_normalized` is `normalizedEmail`, ascending.
    public func users(withEmail normalizedEmail: String) throws -> [Int64] {
        try db.all("SELECT id FROM users WHERE email_normalized = ? ORDER BY id", [normalizedEmail]) { $0.int64(0) }
    }

    /// Ids of the users whose `phone_normalized` is `normalizedPhone`, ascending.
    public func users(withPhone normalizedPhone: String) throws -> [Int64] {
        try db.all("SELECT id FROM users WHERE phone_normalized = ? ORDER BY id", [normalizedPhone]) { $0.int64(0) }
    }

    /// For each of `normalizedEmails`, the ids of the users with exactly that `email_normalized`, ascending; emails
    /// no user has are absent. One query per 500 emails.
    func users(withEmails normalizedEmails: some Collection<String>) throws -> [BinaryText: [Int64]] {
        try users(column: "email_normalized", values: normalizedEmails)
    }

    /// For each of `normalizedPhones`, the ids of the users with exactly that `phone_normalized`, ascending; phones
    /// no user has are absent. One query per 500 phones.
    func users(withPhones normalizedPhones: some Collection<String>) throws -> [BinaryText: [Int64]] {
        try users(column: "phone_normalized", values: normalizedPhones)
    }

    private func users(column: String, values: some Collection<String>) throws -> [BinaryText: [Int64]] {
        var users: [BinaryText: [Int64]] = [:]
        let query = InListQuery(db: db, head: "SELECT \(column), id FROM users WHERE \(column) IN (", tail: ")")
        try query.forEach(values) { row in users[BinaryText(row.text(0)), default: []].append(row.int64(1)) }
        return users.mapValues { $0.sorted() }
    }

    // MARK: - Hashed identities

    /// Ids of the users whose normalised identifier of the identity's type, with its salt, hashes to it; ascending.
    public func usersMatching(hashed identity: HashedIdentity) throws -> [Int64] {
        try usersMatching(hashed: [identity])[identity] ?? []
    }

    /// For each of `identities`, the ids of the users it matches, ascending; identities that match nobody are absent.
    public func usersMatching(hashed identities: [HashedIdentity]) throws -> [HashedIdentity: [Int64]] {
        var matches: [HashedIdentity: [Int64]] = [:]
        for type in IdentifierType.allCases {
            // salt → digest → the identities with that salt and digest
            var wanted: [String: [[UInt8]: [HashedIdentity]]] = [:]
            for identity in Set(identities) where identity.type == type {
                wanted[identity.salt, default: [:]][identity.digest, default: []].append(identity)
            }
            guard !wanted.isEmpty else { continue }
            try db.cached(Self.scanSQL(type)).forEach { row in
                let userId = row.int64(0)
                let identifier = row.text(1)
                for (salt, identitiesByDigest) in wanted {
                    for identity in identitiesByDigest[HashedIdentity.digest(of: identifier, salt: salt)] ?? [] {
                        matches[identity, default: []].append(userId)
                    }
                }
            }
        }
        return matches.mapValues { $0.sorted() }
    }

    /// Every user's normalised identifier of `type`, read from its partial index alone (the index holds the rowid).
    private static func scanSQL(_ type: IdentifierType) -> String {
        let column = "\(type.rawValue)_normalized"
        return "SELECT id, \(column) FROM users WHERE \(column) IS NOT NULL"
    }

    // MARK: - Credentials

    /// The users that `identity`'s plain and hashed identifiers find.
    public func candidates(for identity: LearnerIdentity) throws -> Candidates {
        try candidates(for: [identity])[0]
    }

    /// The users each identity finds, in order: one query per 500 plain identifiers of each type, and one pass over
    /// the users per batch for all the hashed identities.
    public func candidates(for identities: [LearnerIdentity]) throws -> [Candidates] {
        let hashed = identities.flatMap(\.hashed)
        let hashedMatches = hashed.isEmpty ? [:] : try usersMatching(hashed: hashed)
        let byEmail = try users(withEmails: identities.flatMap { $0.allNormalized(.email) })
        let byPhone = try users(withPhones: identities.flatMap { $0.allNormalized(.phone) })
        return identities.map { identity in
            func found(_ type: IdentifierType) -> (users: [Int64], plain: String?) {
                let usersByPlain = type == .email ? byEmail : byPhone
                var plain: (identifier: String, users: [Int64])?
                for identifier in identity.allNormalized(type) {
                    if let users = usersByPlain[BinaryText(identifier)], !users.isEmpty {
                        plain = (identifier, users)
                        break
                    }
                }
                guard identity.hashed.contains(where: { $0.type == type }) else {
                    return (plain?.users ?? [], plain?.identifier)
                }
                var users = Set(identity.hashed.filter { $0.type == type }.flatMap { hashedMatches[$0] ?? [] })
                users.formUnion(plain?.users ?? [])
                return (users.sorted(), plain?.identifier)
            }
            let email = found(.email)
            let phone = found(.phone)
            return Candidates(
                usersByEmail: email.users, usersByPhone: phone.users, email: email.plain, phone: phone.plain)
        }
    }
}

@available(*, unavailable)
extension UserDirectory: Sendable {}
