/// Re-matches pending credentials after users were added: those whose normalised email or phone now belongs to a
/// user, and hashed Open Badges recipients. Operator decisions are never touched (they are not pending).
public struct PendingRematcher {
    public let db: Connection
    public let clock: any WallClock
    public let phoneNormalizer: PhoneNormalizer

    public init(db: Connection, clock: any WallClock, phoneNormalizer: PhoneNormalizer) {
        self.db = db
        self.clock = clock
        self.phoneNormalizer = phoneNormalizer
    }

    /// Re-decides the pending credentials that could match `users`; returns how many became matched.
    public func rematch(forEmails emails: Set<String>, phones: Set<String>) throws -> Int {
        try rematch(Self.pendingIds(db: db, emails: emails, phones: phones, withHashedRecipients: true))
    }

    /// The pending credentials whose normalised email is one of `emails` or whose normalised phone is one of `phones`
    /// (and, `withHashedRecipients`, every one with a hashed Open Badges recipient), by id: one pass over the pending
    /// rows through `external_credentials_status`.
    ///
    /// No index keys the pending rows by email or phone. Such an index gains a random b-tree entry for every
    /// credential a sync leaves pending, and each commit rewrites every page it touched into the WAL: at 1,000,000
    /// credentials that was about a gigabyte written per first sync (migration 6, docs/performance.md). An import
    /// already read every pending row for the hashed recipients; this pass reads them once for all three (and once more
    /// for the ambiguous count when the import shares an identifier between users, `UserStore.importUsers`).
    static func pendingIds(
        db: Connection, emails: Set<String>, phones: Set<String>, withHashedRecipients: Bool
    ) throws -> [Int64] {
        guard !emails.isEmpty || !phones.isEmpty || withHashedRecipients else { return [] }
        // Compared byte for byte, as the `=` lookups this pass replaces did.
        let emails = Set(emails.map(BinaryText.init)), phones = Set(phones.map(BinaryText.init))
        var ids: [Int64] = []
        try db.cached(
            """
            SELECT id, email_normalized, phone_normalized, hashed_identities IS NOT NULL FROM external_credentials
            WHERE status = 'pending' ORDER BY id
            """
        ).forEach { row in
            if (withHashedRecipients && row.int(3) != 0) || row.optionalText(1).map({ emails.contains(BinaryText($0)) }) == true
                || row.optionalText(2).map({ phones.contains(BinaryText($0)) }) == true
            {
                ids.append(row.int64(0))
            }
        }
        return ids
    }

    /// Re-decides the given pending credentials from their stored identifiers: the plain email and phone, the
    /// further plain candidates and the hashed recipients kept in `hashed_identities`.
    public func rematch(_ credentialIds: [Int64]) throws -> Int {
        let directory = UserDirectory(db: db)
        var matched = 0
        for id in credentialIds {
            guard
                let row = try db.first(
                    """
                    SELECT learner_email, learner_phone, hashed_identities FROM external_credentials
                    WHERE id = ? AND status = 'pending'
                    """, [id], { (email: $0.optionalText(0), phone: $0.optionalText(1), hashed: $0.optionalText(2)) })
            else { continue }
            let others = HashedRecipient.decodeOtherPlain(row.hashed)
            let hashedRecipients = HashedRecipient.decode(row.hashed)
            var identity = LearnerIdentity(
                emails: (row.email.map { [$0] } ?? []) + others.filter { $0.type == .email }.map(\.identity),
                phones: (row.phone.map { [$0] } ?? []) + others.filter { $0.type == .phone }.map(\.identity),
                phoneNormalizer: phoneNormalizer)
            for recipient in hashedRecipients {
                identity.addHashedIdentity(type: recipient.type, identityHash: recipient.identityHash, salt: recipient.salt)
            }
            let candidates = try directory.candidates(for: identity)
            let decision = Matcher.decide(
                identity: identity, usersByEmail: candidates.usersByEmail, usersByPhone: candidates.usersByPhone)
            if let userId = decision.userId {
                // As the writer does: the row names the candidates that found the user.
                let preferred = identity.preferring(email: candidates.email, phone: candidates.phone)
                let learnerIdentifier = preferred.learnerIdentifier(matchedBy: decision.matchedBy)
                try db.run(
                    """
                    UPDATE external_credentials SET status = 'matched', user_id = ?, matched_by = ?, match_note = NULL,
                        learner_identifier = ?, identifier_type = ?, learner_email = ?, learner_phone = ?,
                        email_normalized = ?, phone_normalized = ?, hashed_identities = ?, updated_at = ?
                    WHERE id = ?
                    """,
                    [
                        userId, decision.matchedBy?.rawValue, preferred.storedLearnerIdentifier(learnerIdentifier),
                        learnerIdentifier?.type.rawValue, preferred.email?.original ?? row.email,
                        preferred.phone?.original ?? row.phone, preferred.normalized(.email),
                        preferred.normalized(.phone),
                        HashedRecipient.encode(hashedRecipients, otherPlain: preferred.otherPlain), clock.nowMs, id,
                    ])
                matched += 1
            } else if let note = decision.note?.text {
                try db.run("UPDATE external_credentials SET match_note = ? WHERE id = ?", [note, id])
            }
        }
        return matched
    }
}
