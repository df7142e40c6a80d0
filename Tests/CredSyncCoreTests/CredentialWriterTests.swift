import CredSyncTestSupport
import Testing

@testable import CredSyncCore

/// The writer's batch lookups against the one-by-one rules they replace: a batch ends with the rows and counts that
/// writing its items one at a time would give.
@Suite struct CredentialWriterTests {
    let fixture: TestDatabase
    let platformId: Int64
    let writer: CredentialWriter

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "acme")
        writer = CredentialWriter(db: fixture.db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        try fixture.db.run(
            """
            INSERT INTO users (name, email, email_normalized, phone, phone_normalized, created_at) VALUES
            ('Asha', 'asha@example.com', 'asha@example.com', NULL, NULL, 0),
            ('Ravi', NULL, NULL, '9876543210', '+919876543210', 0)
            """)
    }

    @discardableResult
    private func write(_ items: [ParsedItem], runId: Int64 = 1) throws -> BatchCounts {
        try fixture.db.transaction(.immediate) {
            try writer.write(items, platformId: platformId, runId: runId, nowMs: 1_000 * runId)
        }
    }

    private func rows() throws -> [String] {
        try fixture.db.all(
            """
            SELECT external_id, status, ifnull(user_id, 0), ifnull(certificate_title, ''), last_seen_run_id
            FROM external_credentials ORDER BY id
            """
        ) { "\($0.text(0)) \($0.text(1)) \($0.int(2)) \($0.text(3)) \($0.int(4))" }
    }

    @Test func anExternalIdRepeatedInABatchEndsAsIfWrittenOneByOne() throws {
        let counts = try write([
            ScriptedAdapter.item("c1", email: "asha@example.com", title: "First"),
            ScriptedAdapter.item("c1", email: "asha@example.com", title: "First"),
            ScriptedAdapter.item("c1", phone: "9876543210", title: "Second"),
        ])
        #expect([counts.created, counts.unchanged, counts.updated, counts.matched] as [Int] == [1, 1, 1, 2])
        #expect(try rows() == ["c1 matched 2 Second 1"])

        // A stored row changed back and forth in one batch: the last item decides, and needed its own lookup.
        let again = try write(
            [
                ScriptedAdapter.item("c1", email: "asha@example.com", title: "First"),
                ScriptedAdapter.item("c1", phone: "9876543210", title: "Second"),
            ], runId: 2)
        #expect([again.created, again.unchanged, again.updated, again.matched] as [Int] == [0, 0, 2, 2])
        #expect(try rows() == ["c1 matched 2 Second 2"])
    }

    /// Reads made before another connection committed are made again inside the write's transaction: a claim that
    /// landed between them survives the platform's update.
    @Test func aClaimBetweenTheReadsAndTheWriteIsSeen() throws {
        try write([ScriptedAdapter.item("c1", email: "nobody@example.com", title: "First")])
        let read = try writer.read(
            [ScriptedAdapter.item("c1", email: "nobody@example.com", title: "Second")], platformId: platformId)
        let operatorDB = try Connection(path: fixture.path)
        let user = try #require(try UserStore(db: operatorDB, clock: fixture.clock).user(id: 1))
        _ = try CredentialStore(db: operatorDB, clock: fixture.clock).claim(
            1, for: user, audit: AuditLog(db: operatorDB, clock: fixture.clock, actor: "operator"))
        let counts = try fixture.db.transaction(.immediate) { try writer.write(read, runId: 2, nowMs: 2_000) }
        #expect(counts.updated == 1)
        #expect(try rows() == ["c1 matched 1 Second 2"])
        #expect(try fixture.db.first("SELECT matched_by FROM external_credentials") { $0.text(0) } == "manual")
    }

    /// What the prefetch thread read ahead on its own connection decides nothing by itself: its candidates count only
    /// while the users' generation is the one they were read at. A user who arrives between the read-ahead and the
    /// write is found; a read-ahead still current is taken as it is (here one that says no user was found).
    @Test func readAheadCandidatesHoldOnlyWhileTheUsersAreAsTheyWere() throws {
        let page = [
            ScriptedAdapter.item("c1", email: "asha@example.com"), ScriptedAdapter.item("c2", email: "new@example.com"),
        ]
        let prefetchDB = try Connection(path: fixture.path)
        let ahead = try CredentialWriter(db: prefetchDB, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
            .readAhead(page, platformId: platformId)
        #expect(ahead.entries[0]?.candidates?.usersByEmail == [1])
        #expect(ahead.entries[1]?.candidates?.usersByEmail == [])

        // Current: taken as read, even where a lookup now would differ (entry 0 emptied to show it).
        var current = ahead
        current.entries[0]?.candidates = UserDirectory.Candidates()
        let asRead = try writer.read(page[...], platformId: platformId, readAhead: current)
        try fixture.db.transaction(.immediate) { _ = try writer.write(asRead, runId: 1, nowMs: 1_000) }
        #expect(try rows() == ["c1 pending 0 Certificate 1", "c2 pending 0 Certificate 1"])

        // A user arrives after the read-ahead: the writer looks the candidates up itself.
        let again = page.map { item -> ParsedItem in
            guard case .credential(let credential) = item else { return item }
            return ScriptedAdapter.item(credential.externalId, email: credential.learnerEmail, title: "Renewed")
        }
        let stale = try CredentialWriter(db: prefetchDB, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
            .readAhead(again, platformId: platformId)
        let file = try UserImport(
            text: "external_ref,name,email,phone\nu3,New,new@example.com,\n", format: .csv,
            phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        _ = try UserStore(db: prefetchDB, clock: fixture.clock).importUsers(
            file, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        let read = try writer.read(again[...], platformId: platformId, readAhead: stale)
        try fixture.db.transaction(.immediate) { _ = try writer.write(read, runId: 2, nowMs: 2_000) }
        #expect(try rows() == ["c1 matched 1 Renewed 2", "c2 matched 3 Renewed 2"])
    }

    /// Every import moves the users' generation, once, in its transaction.
    @Test func eachUsersImportMovesTheGenerationOnce() throws {
        let directory = UserDirectory(db: fixture.db)
        let phones = PhoneNormalizer(defaultCountryCode: "91")
        let store = UserStore(db: fixture.db, clock: fixture.clock)
        let before = try directory.generation()
        let file = try UserImport(
            text: "external_ref,name,email,phone\nu3,Mia,mia@example.com,\nu4,Dev,,98765 00000\n", format: .csv,
            phoneNormalizer: phones)
        _ = try store.importUsers(file, phoneNormalizer: phones)
        #expect(try directory.generation() == before + 1)
        _ = try store.importUsers(file, phoneNormalizer: phones)
        #expect(try directory.generation() == before + 2)
    }

    @Test func idsThatDifferOnlyInUnicodeNormalisationAreDifferentCredentials() throws {
        let precomposed = "caf\u{00E9}"
        let decomposed = "cafe\u{0301}"
        let counts = try write([ScriptedAdapter.item(precomposed), ScriptedAdapter.item(decomposed)])
        #expect(counts.created == 2)
        let again = try write([ScriptedAdapter.item(decomposed), ScriptedAdapter.item(precomposed)], runId: 2)
        #expect([again.created, again.unchanged] as [Int] == [0, 2])
    }

    @Test func operatorDecisionsAreKeptAndUnchangedRowsAreNotRewritten() throws {
        try write([
            ScriptedAdapter.item("kept", email: "asha@example.com"), ScriptedAdapter.item("same", email: "asha@example.com"),
        ])
        try fixture.db.run("UPDATE external_credentials SET status = 'rejected', user_id = NULL WHERE external_id = 'kept'")
        let counts = try write(
            [
                ScriptedAdapter.item("kept", email: "asha@example.com", title: "Renamed"),
                ScriptedAdapter.item("same", email: "asha@example.com"),
            ], runId: 2)
        #expect([counts.updated, counts.unchanged, counts.matched, counts.pending] as [Int] == [1, 1, 0, 0])
        #expect(try rows() == ["kept rejected 0 Renamed 2", "same matched 1 Certificate 1"])
    }

    @Test func batchesLargerThanOneLookupChunkFindEveryRowAndUser() throws {
        let items = (0..<1_234).map { index in
            ScriptedAdapter.item("c\(index)", email: index.isMultiple(of: 2) ? "asha@example.com" : "x\(index)@example.com")
        }
        let counts = try write(items + [.invalid(externalId: "bad", reason: "no date")])
        #expect([counts.fetched, counts.created, counts.matched, counts.pending, counts.invalid] as [Int] == [1_235, 1_234, 617, 617, 1])
        #expect(counts.invalidReasons == ["bad: no date"])
        let again = try write(items, runId: 2)
        #expect([again.created, again.updated, again.unchanged] as [Int] == [0, 0, 1_234])
    }
}

/// A batch read as new (`expectNew`: its stored rows left unread, the insert's unique key finding them) ends with the
/// rows and counts of the same batch read with its stored rows first.
@Suite struct CredentialWriterReadAsNewTests {
    /// A fresh database with the platform `acme` and the user Asha (`email`), and a writer on it.
    private func asha(email: String) throws -> (fixture: TestDatabase, platformId: Int64, writer: CredentialWriter) {
        let fixture = try TestDatabase()
        let platformId = try fixture.insertPlatform(name: "acme")
        try fixture.db.run(
            "INSERT INTO users (name, email, email_normalized, created_at) VALUES ('Asha', ?, ?, 0)", [email, email])
        let writer = CredentialWriter(db: fixture.db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        return (fixture, platformId, writer)
    }

    /// A database holding `same`, `changed`, `claimed` (an operator's claim) and `rejected`, then `batch` written
    /// read as new or not: the counts and every stored column that a decision sets.
    private func written(expectNew: Bool) throws -> (counts: BatchCounts, rows: [String]) {
        let (fixture, platformId, writer) = try asha(email: "asha@example.com")
        let stored = ["same", "changed", "claimed", "rejected"].map {
            ScriptedAdapter.item($0, email: "nobody@example.com")
        }
        _ = try fixture.db.transaction(.immediate) {
            try writer.write(stored, platformId: platformId, runId: 1, nowMs: 1_000)
        }
        let user = try #require(try UserStore(db: fixture.db, clock: fixture.clock).user(id: 1))
        let audit = AuditLog(db: fixture.db, clock: fixture.clock, actor: "operator")
        _ = try CredentialStore(db: fixture.db, clock: fixture.clock).claim(3, for: user, audit: audit)
        try fixture.db.run("UPDATE external_credentials SET status = 'rejected' WHERE external_id = 'rejected'")

        let batch: [ParsedItem] = [
            ScriptedAdapter.item("new", email: "asha@example.com"),
            ScriptedAdapter.item("same", email: "nobody@example.com"),
            ScriptedAdapter.item("changed", email: "asha@example.com", title: "Renamed"),
            ScriptedAdapter.item("claimed", email: "nobody@example.com", title: "Renamed"),
            ScriptedAdapter.item("new", email: "asha@example.com", title: "Renamed"),
            ScriptedAdapter.item("rejected", email: "asha@example.com", title: "Renamed"),
            ScriptedAdapter.item("other", email: "nobody@example.com"),
            ScriptedAdapter.item("changed", email: "asha@example.com", title: "Renamed again"),
            ScriptedAdapter.item("same", email: "nobody@example.com"),
        ]
        let read = try writer.read(batch[...], platformId: platformId, readAhead: nil, expectNew: expectNew)
        let counts = try fixture.db.transaction(.immediate) { try writer.write(read, runId: 2, nowMs: 2_000) }
        let rows = try fixture.db.all(
            """
            SELECT id, external_id, status, ifnull(user_id, 0), ifnull(matched_by, '-'), certificate_title,
                last_seen_run_id FROM external_credentials ORDER BY id
            """
        ) { "\($0.int(0)) \($0.text(1)) \($0.text(2)) \($0.int(3)) \($0.text(4)) \($0.text(5)) \($0.int(6))" }
        return (counts, rows)
    }

    @Test func aBatchReadAsNewEndsAsTheSameBatchReadWithItsStoredRows() throws {
        let asNew = try written(expectNew: true)
        let withStored = try written(expectNew: false)
        #expect(asNew.rows == withStored.rows)
        #expect(asNew.counts == withStored.counts)
        #expect(
            asNew.rows == [
                "1 same pending 0 - Certificate 1", "2 changed matched 1 email Renamed again 2",
                "3 claimed matched 1 manual Renamed 2", "4 rejected rejected 0 - Renamed 2",
                "5 new matched 1 email Renamed 2", "6 other pending 0 - Certificate 2",
            ])
        let counts = asNew.counts
        #expect(
            [counts.created, counts.updated, counts.unchanged, counts.matched, counts.pending, counts.previouslyStored]
                == [2, 5, 2, 5, 1, 6])
    }

    /// A batch read as new makes no query for its stored rows: that read is what it saves.
    @Test func aBatchReadAsNewDoesNotQueryItsStoredRows() throws {
        let fixture = try TestDatabase()
        let platformId = try fixture.insertPlatform(name: "acme")
        let batch = (1...3).map { ScriptedAdapter.item("c\($0)", email: "nobody@example.com") }
        func queriesStoredRows(expectNew: Bool) throws -> Bool {
            let db = try Connection(path: fixture.path)
            let writer = CredentialWriter(db: db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
            _ = try writer.read(batch[...], platformId: platformId, readAhead: nil, expectNew: expectNew)
            return db.cachedSQL.contains { $0.contains("FROM external_credentials") && $0.contains("external_id IN (") }
        }
        #expect(try !queriesStoredRows(expectNew: true))
        #expect(try queriesStoredRows(expectNew: false))
    }

    /// The unique key, not a read before the write, finds a batch's stored rows: a claim committed after a read as
    /// new is seen by the write and kept.
    @Test func aClaimAfterAReadAsNewIsKept() throws {
        let (fixture, platformId, writer) = try asha(email: "a@example.com")
        _ = try fixture.db.transaction(.immediate) {
            try writer.write(
                [ScriptedAdapter.item("c1", email: "nobody@example.com")], platformId: platformId, runId: 1, nowMs: 1)
        }
        let read = try writer.read(
            [ScriptedAdapter.item("c1", email: "nobody@example.com", title: "Second")][...], platformId: platformId,
            readAhead: nil, expectNew: true)
        let operatorDB = try Connection(path: fixture.path)
        let user = try #require(try UserStore(db: operatorDB, clock: fixture.clock).user(id: 1))
        _ = try CredentialStore(db: operatorDB, clock: fixture.clock).claim(
            1, for: user, audit: AuditLog(db: operatorDB, clock: fixture.clock, actor: "operator"))
        let counts = try fixture.db.transaction(.immediate) { try writer.write(read, runId: 2, nowMs: 2) }
        #expect([counts.created, counts.updated, counts.previouslyStored] == [0, 1, 1])
        #expect(
            try fixture.db.all("SELECT status, user_id, matched_by, certificate_title FROM external_credentials") {
                "\($0.text(0)) \($0.int(1)) \($0.text(2)) \($0.text(3))"
            } == ["matched 1 manual Second"])
    }

    @Test func aBatchIsReadAsNewAfterOneThatFoundFewerThanOneInTenStored() {
        func counts(created: Int, stored: Int) -> BatchCounts {
            var counts = BatchCounts()
            counts.created = created
            counts.previouslyStored = stored
            return counts
        }
        #expect(counts(created: 970, stored: 1).foundMostlyNew)
        #expect(counts(created: 11, stored: 1).foundMostlyNew)
        #expect(!counts(created: 10, stored: 1).foundMostlyNew)
        #expect(!counts(created: 0, stored: 990).foundMostlyNew)
        #expect(!counts(created: 0, stored: 0).foundMostlyNew)
    }
}
