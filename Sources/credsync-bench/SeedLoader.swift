import CredSyncCore
import Foundation

/// The seed's per-row design, for comparison: fetch each page through the platform's adapter, then per credential
/// look the user up by normalised email, then by phone, and upsert the row; commit every 100 rows. No batching,
/// no change detection, no prefetching — the baseline `credsync-bench ingest --compare` measures against.
struct SeedLoader {
    let db: Connection
    let platform: Platform
    let secrets: PlatformSecrets
    let pageSize: Int
    static let rowsPerCommit = 100

    /// Gives `external_credentials` of a freshly migrated database the seed's indexes and CHECK constraints, as the
    /// table stood before migrations 5 – 7 (the one the seed's loader wrote, and issue #11 timed): the identifier
    /// index, the two partial pending indexes, and `status`/`matched_by` checked with `IN`. Its columns never changed.
    static func useSeedTable(_ db: Connection) throws {
        try db.transaction(.immediate) {
            try db.execute(
                """
                CREATE INDEX external_credentials_identifier ON external_credentials(learner_identifier, identifier_type);
                CREATE INDEX external_credentials_pending_email ON external_credentials(email_normalized)
                    WHERE status = 'pending' AND email_normalized IS NOT NULL;
                CREATE INDEX external_credentials_pending_phone ON external_credentials(phone_normalized)
                    WHERE status = 'pending' AND phone_normalized IS NOT NULL;
                """)
            try Schema.setCredentialChecks(db, compared: false)
        }
    }

    /// Loads every page; the credentials written.
    func load() throws -> Int {
        let session = try PlatformSession(
            platform: platform, secrets: secrets,
            dependencies: PlatformSession.Dependencies(
                client: HTTPClient(options: SyncPolicy().httpOptions), tokens: nil, pacers: PacerRegistry(),
                clock: SystemClock()))
        try session.authenticate()
        let adapter = try AdapterRegistry.makeAdapter(for: platform.definition)
        let phones = PhoneNormalizer(defaultCountryCode: "91")
        let byEmail = try db.prepare("SELECT id FROM users WHERE email_normalized = ? LIMIT 1")
        let byPhone = try db.prepare("SELECT id FROM users WHERE phone_normalized = ? LIMIT 1")
        let upsert = try db.prepare(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                learner_email, learner_phone, learner_name, certificate_title, issued_at, expires_at, certificate_url,
                raw, status, user_id, matched_by, email_normalized, phone_normalized, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (platform_id, external_id) DO UPDATE SET learner_identifier = excluded.learner_identifier,
                identifier_type = excluded.identifier_type, learner_email = excluded.learner_email,
                learner_phone = excluded.learner_phone, learner_name = excluded.learner_name,
                certificate_title = excluded.certificate_title, issued_at = excluded.issued_at,
                expires_at = excluded.expires_at, certificate_url = excluded.certificate_url, raw = excluded.raw,
                status = excluded.status, user_id = excluded.user_id, matched_by = excluded.matched_by,
                email_normalized = excluded.email_normalized, phone_normalized = excluded.phone_normalized,
                updated_at = excluded.updated_at
            """)
        var written = 0
        var request = PageRequest(cursor: nil, sinceMs: nil, pageSize: pageSize)
        try db.execute("BEGIN IMMEDIATE")
        do {
            while true {
                let page = try adapter.fetchPage(request, using: session)
                for case .credential(let item) in page.items {
                    let email = item.learnerEmail.flatMap(EmailNormalizer.normalize)
                    let phone = item.learnerPhone.flatMap { phones.normalize($0) }
                    var userId: Int64?
                    var matchedBy: String?
                    if let email, let id = try byEmail.first([email], { $0.int64(0) }) {
                        (userId, matchedBy) = (id, "email")
                    } else if let phone, let id = try byPhone.first([phone], { $0.int64(0) }) {
                        (userId, matchedBy) = (id, "phone")
                    }
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    let identifier = email ?? phone
                    let identifierType: String? = identifier == nil ? nil : (email != nil ? "email" : "phone")
                    let status = userId == nil ? "pending" : "matched"
                    try upsert.run([
                        platform.id, item.externalId, identifier, identifierType,
                        item.learnerEmail, item.learnerPhone, item.learnerName, item.title, item.issuedAtMs,
                        item.expiresAtMs, item.url, item.raw, status, userId, matchedBy, email, phone, now, now,
                    ])
                    written += 1
                    if written % Self.rowsPerCommit == 0 { try db.execute("COMMIT; BEGIN IMMEDIATE") }
                }
                guard let next = page.nextCursor else { break }
                request.cursor = next
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return written
    }
}
