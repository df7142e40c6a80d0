import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// Every index on `external_credentials` earns its place: the queries credsync runs on the table — the sync's writes,
/// re-matching when users arrive, the dashboard's Pending window and counts, `credentials` listing and search,
/// `stats`, the metrics, claims and their undo, removing a platform — are run for real, and the plan of each one the
/// connection cached is read with `EXPLAIN QUERY PLAN`. No plan reads the whole table, and every index is in some
/// plan; an index no plan uses would only slow the sync's inserts (migration 5 dropped one).
@Suite struct CredentialIndexPlanTests {
    let fixture: TestDatabase
    let platformId: Int64
    let phones = PhoneNormalizer(defaultCountryCode: "91")

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "acme")
        try fixture.db.run(
            """
            INSERT INTO users (name, email, email_normalized, phone, phone_normalized, created_at) VALUES
            ('Asha', 'asha@example.com', 'asha@example.com', NULL, NULL, 0)
            """)
    }

    /// Runs every reader and writer of the table on the fixture's connection.
    private func runEveryQuery() throws {
        let db = fixture.db
        let writer = CredentialWriter(db: db, phoneNormalizer: phones)
        let items = (1...50).map {
            ScriptedAdapter.item(
                "c\($0)", email: $0 % 2 == 0 ? "asha@example.com" : "l\($0)@example.org",
                phone: "98765432\($0 % 90 + 10)")
        }
        for runId: Int64 in [1, 2] {
            let read = try writer.read(items, platformId: platformId)
            _ = try db.transaction(.immediate) { try writer.write(read, runId: runId, nowMs: runId) }
        }
        _ = try db.transaction(.immediate) {
            try writer.write(
                [ScriptedAdapter.item("c1", email: "other@example.org")], platformId: platformId, runId: 3, nowMs: 3)
        }
        _ = try PendingRematcher(db: db, clock: fixture.clock, phoneNormalizer: phones)
            .rematch(forEmails: ["l1@example.org"], phones: ["+919876543211"])

        let store = CredentialStore(db: db, clock: fixture.clock)
        let search = CredentialSearch("l3", phones: phones)
        for anchor: KeysetWindow<Int64>.Anchor in [.first, .last, .from(3), .after(3, skip: 1), .before(9, skip: 1)] {
            _ = try store.pendingWindow(KeysetWindow(anchor: anchor, size: 10), search: search)
        }
        _ = try store.pendingCount(search: search)
        _ = try store.pendingCount(search: nil)
        _ = try store.pendingPosition(of: 9, search: nil)
        _ = try store.credentials(CredentialStore.Filter(status: .pending, search: CredentialSearch("l3", phones: phones)))
        _ = try store.credentials(CredentialStore.Filter(platformId: platformId, afterId: 10))
        _ = try store.count(platformId: platformId)
        _ = try store.raw(id: 1)
        let audit = AuditLog(db: db, clock: fixture.clock, actor: "tester")
        let user = try #require(try UserStore(db: db, clock: fixture.clock).user(id: 1))
        let pendingId = try #require(
            try store.pendingWindow(KeysetWindow(anchor: .first, size: 1), search: nil).first?.id)
        _ = try store.claim(pendingId, for: user, audit: audit)
        _ = try store.undo(pendingId, audit: audit)
        _ = try store.reject(pendingId, reason: nil, audit: audit)

        _ = try Statistics.read(db: db)
        _ = try MetricsSnapshot.read(db: db, nowMs: fixture.clock.nowMs)
        _ = try PlatformSummary.all(db: db)
        // Removing a platform deletes its credentials through the foreign key, by the unique key's prefix.
        try db.run("DELETE FROM external_credentials WHERE platform_id = ?", [platformId])
    }

    @Test func everyQueryUsesAnIndexAndEveryIndexIsUsed() throws {
        try runEveryQuery()
        let db = fixture.db
        let queries = db.cachedSQL.filter { $0.contains("external_credentials") && !$0.hasPrefix("INSERT") }
        #expect(queries.count >= 15, "\(queries)")
        var used: Set<String> = []
        for sql in queries {
            let parameters = Array(repeating: String?.none, count: sql.filter { $0 == "?" }.count)
            let plan = try db.all("EXPLAIN QUERY PLAN \(sql)", parameters) { $0.text(3) }
            for line in plan {
                let words = line.split(separator: " ").map(String.init)
                guard words.count >= 2, ["c", "external_credentials"].contains(words[1]) else { continue }
                #expect(
                    !(words[0] == "SCAN" && !line.contains("INDEX") && !line.contains("PRIMARY KEY")),
                    "reads the whole table: \(line) for \(sql)")
                if let at = words.firstIndex(of: "INDEX"), at + 1 < words.count { used.insert(words[at + 1]) }
            }
        }
        let indexes = Set(try db.all("PRAGMA index_list(external_credentials)") { $0.text(1) })
        #expect(
            indexes == [
                "sqlite_autoindex_external_credentials_1", "external_credentials_status",
                "external_credentials_platform_status",
            ])
        #expect(indexes.subtracting(used).isEmpty, "no plan uses \(indexes.subtracting(used).sorted())")
    }

    /// Each identifier is stored once: the learner identifier of a plain email or phone is read back from its
    /// normalised column; a hashed recipient's is stored.
    @Test func aPlainLearnerIdentifierIsStoredOnceAndReadBack() throws {
        let writer = CredentialWriter(db: fixture.db, phoneNormalizer: phones)
        _ = try fixture.db.transaction(.immediate) {
            try writer.write(
                [
                    ScriptedAdapter.item("e", email: " Asha@Example.com"),
                    ScriptedAdapter.item("p", phone: "98765 43210"),
                ],
                platformId: platformId, runId: 1, nowMs: 1)
        }
        #expect(
            try fixture.db.first("SELECT count(*) FROM external_credentials WHERE learner_identifier IS NOT NULL") {
                $0.int(0)
            } == 0)
        let store = CredentialStore(db: fixture.db, clock: fixture.clock)
        let listed = try store.credentials(CredentialStore.Filter())
        #expect(
            listed.map { "\($0.identifierType ?? "-") \($0.learnerIdentifier ?? "-")" } == [
                "email asha@example.com", "phone +919876543210",
            ])
    }

    /// A database in a folder of its own at schema `version`, with platform 1: what an older credsync left behind.
    /// The folder is removed when the returned value goes.
    private func databaseWithOnePlatform(migratedTo version: Int) throws -> (TemporaryDirectory, Connection) {
        let directory = TemporaryDirectory("credsync-migration")
        let db = try Connection(path: "\(directory.path)/old.db")
        try Migrator(migrations: Array(Schema.migrations.prefix(version))).migrate(db, now: 0)
        try db.run("INSERT INTO platforms (id, name, display_name, adapter, created_at, updated_at) VALUES (1, 'a', 'A', 'nsqf', 0, 0)")
        return (directory, db)
    }

    /// Migration 5 on a database written before it: the duplicated identifiers are cleared and read back the same, a
    /// hashed one stays, the unused index is gone.
    @Test func migrationFiveKeepsWhatEveryRowReads() throws {
        let (directory, db) = try databaseWithOnePlatform(migratedTo: 4)
        defer { withExtendedLifetime(directory) {} }
        try db.execute(
            """
            INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                email_normalized, phone_normalized, created_at, updated_at) VALUES
                (1, 'e', 'asha@example.com', 'email', 'asha@example.com', '+919876543210', 0, 0),
                (1, 'p', '+919876543210', 'phone', NULL, '+919876543210', 0, 0),
                (1, 'h', 'sha256$abc', 'email', NULL, NULL, 0, 0),
                (1, 'n', NULL, NULL, NULL, NULL, 0, 0);
            """)
        let read = "SELECT \(CredentialStore.learnerIdentifierSQL) FROM external_credentials c ORDER BY id"
        let before = try db.all(read) { $0.optionalText(0) }
        #expect(try Migrator(migrations: Array(Schema.migrations.prefix(5))).migrate(db, now: 0) == [5])
        #expect(try db.all(read) { $0.optionalText(0) } == before)
        #expect(
            try db.all("SELECT learner_identifier FROM external_credentials ORDER BY id") { $0.optionalText(0) } == [
                nil, nil, "sha256$abc", nil,
            ])
        #expect(
            try db.first("SELECT count(*) FROM sqlite_master WHERE name = 'external_credentials_identifier'") {
                $0.int(0)
            }
                == 0)
    }

    /// Migration 6 on a database written before it: the partial pending indexes are gone, and an import still
    /// re-matches the pending credentials by email and by phone, and leaves the others pending.
    @Test func migrationSixDropsThePendingIndexesAndReMatchingStillFindsTheRows() throws {
        let (directory, db) = try databaseWithOnePlatform(migratedTo: 5)
        defer { withExtendedLifetime(directory) {} }
        try db.execute(
            """
            INSERT INTO external_credentials (platform_id, external_id, identifier_type, learner_email, learner_phone,
                email_normalized, phone_normalized, status, created_at, updated_at) VALUES
                (1, 'e', 'email', 'Asha@Example.com', NULL, 'asha@example.com', NULL, 'pending', 0, 0),
                (1, 'p', 'phone', NULL, '09876543210', NULL, '+919876543210', 'pending', 0, 0),
                (1, 'o', 'email', 'other@example.com', NULL, 'other@example.com', NULL, 'pending', 0, 0);
            """)
        #expect(try Migrator(migrations: Array(Schema.migrations.prefix(6))).migrate(db, now: 0) == [6])
        #expect(
            try db.first("SELECT count(*) FROM sqlite_master WHERE name LIKE 'external_credentials_pending_%'") {
                $0.int(0)
            } == 0)
        _ = try Migrator().migrate(db, now: 0)  // the later ones, which today's import needs

        let file = try UserImport(
            text: "external_ref,name,email,phone\nu1,Asha,asha@example.com,\nu2,Ravi,,+91 98765 43210\n", format: .csv,
            phoneNormalizer: phones)
        let summary = try UserStore(db: db, clock: fixture.clock).importUsers(file, phoneNormalizer: phones)
        #expect(summary.autoMatched == 2)
        #expect(
            try db.all("SELECT external_id, status FROM external_credentials ORDER BY external_id") {
                "\($0.text(0)) \($0.text(1))"
            } == ["e matched", "o pending", "p matched"])
    }

    /// Migration 7 on a database written before it: the CHECK constraints refuse and allow what they did, rows are
    /// as they were, the insert builds no temporary table per row — also on a connection that had read the old
    /// schema, which the migration's new `schema_version` makes read it again.
    @Test func migrationSevenKeepsTheChecksWithoutATemporaryTablePerRow() throws {
        let (directory, db) = try databaseWithOnePlatform(migratedTo: 6)
        defer { withExtendedLifetime(directory) {} }
        let insert = """
            INSERT INTO external_credentials (platform_id, external_id, status, matched_by, created_at, updated_at)
            VALUES (1, ?, ?, ?, 0, 0)
            """
        try db.run(insert, ["before", "matched", "email"])
        let other = try Connection(path: db.path)
        func buildsATemporaryTable(_ connection: Connection) throws -> Bool {
            try CredentialWriteCostTests.opcodes(of: CredentialWriter.insertSQL, on: connection).contains("OpenEphemeral")
        }
        #expect(try buildsATemporaryTable(other))

        #expect(try Migrator(migrations: Array(Schema.migrations.prefix(7))).migrate(db, now: 0) == [7])

        #expect(try !buildsATemporaryTable(db))
        // The other connection reads the schema again at its next transaction (EXPLAIN alone starts none).
        #expect(try other.first("SELECT count(*) FROM external_credentials") { $0.int(0) } == 1)
        #expect(try !buildsATemporaryTable(other))
        let definition = try db.first("SELECT sql FROM sqlite_master WHERE name = 'external_credentials'") { $0.text(0) }
        for check in Schema.credentialChecks {
            #expect(definition?.contains(check.compared) == true)
            #expect(definition?.contains(check.coded) == false)
        }
        for connection in [db, other] {
            #expect(throws: DatabaseError.self) { try connection.run(insert, ["bad status", "bogus", nil]) }
            #expect(throws: DatabaseError.self) { try connection.run(insert, ["bad match", "matched", "fax"]) }
        }
        try other.run(insert, ["after", "pending", nil])
        try db.run(insert, ["rejected", "rejected", "manual"])
        #expect(
            try db.all("SELECT external_id || ' ' || status || ' ' || ifnull(matched_by, '-') FROM external_credentials ORDER BY id") {
                $0.text(0)
            } == ["before matched email", "after pending -", "rejected rejected manual"])
        #expect(try db.first("PRAGMA integrity_check") { $0.text(0) } == "ok")
        // Once applied, it is not applied again.
        #expect(try Migrator(migrations: Array(Schema.migrations.prefix(7))).migrate(db, now: 0) == [])
    }

    /// Re-matching's pass over the pending rows compares identifiers byte for byte, as the `=` lookups it replaced did
    /// and as the users' index does: "josé" with a precomposed é and with e + U+0301 are two identifiers.
    @Test func reMatchingComparesIdentifiersByteForByte() throws {
        let composed = "jos\u{E9}@example.org", decomposed = "jose\u{301}@example.org"
        try fixture.db.run(
            """
            INSERT INTO external_credentials (platform_id, external_id, identifier_type, learner_email, email_normalized,
                status, created_at, updated_at)
            VALUES (?, 'composed', 'email', ?, ?, 'pending', 0, 0), (?, 'decomposed', 'email', ?, ?, 'pending', 0, 0)
            """, [platformId, composed, composed, platformId, decomposed, decomposed])
        let ids = try PendingRematcher.pendingIds(
            db: fixture.db, emails: [composed], phones: [], withHashedRecipients: false)
        #expect(
            try ids.map { id in try fixture.db.first("SELECT external_id FROM external_credentials WHERE id = ?", [id]) { $0.text(0) } }
                == ["composed"])
    }
}
