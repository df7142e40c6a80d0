/// Writes a batch of parsed items into `external_credentials`: normalise, match, insert or update — and leave a
/// row that did not change untouched. Runs inside the caller's transaction on the worker's connection.
public struct CredentialWriter {
    public let db: Connection
    public let phoneNormalizer: PhoneNormalizer
    private let directory: UserDirectory

    public init(db: Connection, phoneNormalizer: PhoneNormalizer) {
        self.db = db
        self.phoneNormalizer = phoneNormalizer
        directory = UserDirectory(db: db)
    }

    /// The stored state of a credential that decides whether and how it is rewritten.
    private struct Existing {
        var id: Int64
        var contentHash: Int64?
        var status: String
        var userId: Int64?
        var matchedBy: String?
        var matchNote: String?

        /// An operator's decision (a manual claim or a rejection) survives platform updates.
        var isOperatorDecision: Bool { status == "rejected" || matchedBy == "manual" }
    }

    public func write(_ items: some Sequence<ParsedItem>, platformId: Int64, runId: Int64, nowMs: Int64) throws -> BatchCounts {
        var counts = BatchCounts()
        let find = try db.cached(
            """
            SELECT id, content_hash, status, user_id, matched_by, match_note FROM external_credentials
            WHERE platform_id = ? AND external_id = ?
            """)
        for item in items {
            counts.fetched += 1
            guard case .credential(let credential) = item else {
                if case .invalid(let externalId, let reason) = item {
                    counts.invalid += 1
                    if counts.invalidReasons.count < BatchCounts.maximumReasons {
                        counts.invalidReasons.append(externalId.map { "\($0): \(reason)" } ?? reason)
                    }
                }
                continue
            }
            if let updatedAt = credential.updatedAtMs {
                counts.newestUpdatedAtMs = max(counts.newestUpdatedAtMs ?? updatedAt, updatedAt)
            }
            let contentHash = FNV1a.hash(credential.raw)
            let existing = try find.first([platformId, credential.externalId]) {
                Existing(
                    id: $0.int64(0), contentHash: $0.optionalInt64(1), status: $0.text(2), userId: $0.optionalInt64(3),
                    matchedBy: $0.optionalText(4), matchNote: $0.optionalText(5))
            }
            if let existing, existing.contentHash == contentHash {
                counts.unchanged += 1
                continue
            }
            var identity = LearnerIdentity(
                email: credential.learnerEmail, phone: credential.learnerPhone, phoneNormalizer: phoneNormalizer)
            for recipient in credential.hashedIdentities {
                identity.addHashedIdentity(type: recipient.type, identityHash: recipient.identityHash, salt: recipient.salt)
            }
            let status: String
            let userId: Int64?
            let matchedBy: String?
            let note: String?
            if let existing, existing.isOperatorDecision {
                (status, userId, matchedBy, note) = (existing.status, existing.userId, existing.matchedBy, existing.matchNote)
            } else {
                let candidates = try directory.candidates(for: identity)
                let decision = Matcher.decide(
                    identity: identity, usersByEmail: candidates.usersByEmail, usersByPhone: candidates.usersByPhone)
                status = decision.userId == nil ? "pending" : "matched"
                (userId, matchedBy, note) = (decision.userId, decision.matchedBy?.rawValue, decision.note?.text)
            }
            if status == "matched" { counts.matched += 1 } else if status == "pending" { counts.pending += 1 }
            let values: [any DatabaseValueConvertible] = [
                identity.learnerIdentifier, identity.identifierType?.rawValue, credential.learnerEmail,
                credential.learnerPhone, credential.learnerName, credential.title, credential.issuedAtMs,
                credential.expiresAtMs, credential.url, credential.raw, status, userId, matchedBy, note, contentHash,
                identity.normalized(.email), identity.normalized(.phone),
                HashedRecipient.encode(credential.hashedIdentities),
            ]
            if let existing {
                try db.cached(
                    """
                    UPDATE external_credentials SET learner_identifier = ?, identifier_type = ?, learner_email = ?,
                        learner_phone = ?, learner_name = ?, certificate_title = ?, issued_at = ?, expires_at = ?,
                        certificate_url = ?, raw = ?, status = ?, user_id = ?, matched_by = ?, match_note = ?,
                        content_hash = ?, email_normalized = ?, phone_normalized = ?, hashed_identities = ?,
                        last_seen_run_id = ?, updated_at = ?
                    WHERE id = ?
                    """
                ).run(values + [runId, nowMs, existing.id])
                counts.updated += 1
            } else {
                try db.cached(
                    """
                    INSERT INTO external_credentials (learner_identifier, identifier_type, learner_email, learner_phone,
                        learner_name, certificate_title, issued_at, expires_at, certificate_url, raw, status, user_id,
                        matched_by, match_note, content_hash, email_normalized, phone_normalized, hashed_identities,
                        platform_id, external_id, first_seen_run_id, last_seen_run_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
                ).run(values + [platformId, credential.externalId, runId, runId, nowMs, nowMs])
                counts.created += 1
            }
        }
        return counts
    }
}
