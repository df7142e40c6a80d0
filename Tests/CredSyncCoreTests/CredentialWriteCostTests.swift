import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// What a sync's commit costs on disk. Each commit writes every page it changed into the WAL, so an index that takes a
/// random entry per credential costs a page per credential once the index is larger than a batch: at 1,000,000
/// credentials the two partial indexes on pending rows' email and phone were about a gigabyte of a first sync's 2.7 GB
/// written (docs/performance.md). A batch of new credentials should write about the pages its rows fill.
@Suite struct CredentialWriteCostTests {
    let fixture: TestDatabase
    let platformId: Int64
    let writer: CredentialWriter

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "acme")
        writer = CredentialWriter(db: fixture.db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        try fixture.db.execute("PRAGMA wal_autocheckpoint = 0")
    }

    /// Credentials `range` of learners no user has, so all go pending; their emails and phones in a scattered order,
    /// as a real feed's are.
    private func write(_ range: Range<Int>) throws {
        let items = range.map { index in
            let learner = index * 7_919 % 100_003
            return ScriptedAdapter.item(
                String(format: "c%07d", index), email: "learner\(learner)@example.org", phone: "9\(876_500_000 + learner)")
        }
        _ = try fixture.db.transaction(.immediate) {
            try writer.write(items, platformId: platformId, runId: 1, nowMs: 1)
        }
    }

    /// Checkpoints the WAL and empties it; the frames (pages) it held.
    private func checkpoint() throws -> Int {
        let frames = try fixture.db.first("PRAGMA wal_checkpoint(PASSIVE)") { $0.int(1) } ?? -1
        try fixture.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return frames
    }

    private func pageCount() throws -> Int {
        try fixture.db.first("PRAGMA page_count") { $0.int(0) } ?? 0
    }

    @Test func aBatchOfPendingCredentialsWritesAboutThePagesItsRowsFill() throws {
        for start in stride(from: 0, to: 20_000, by: 1_000) { try write(start..<start + 1_000) }
        _ = try checkpoint()
        let pagesBefore = try pageCount()

        try write(20_000..<20_500)
        let frames = try checkpoint()
        let grown = try pageCount() - pagesBefore

        #expect(try fixture.db.first("SELECT count(*) FROM external_credentials WHERE status = 'pending'") { $0.int(0) } == 20_500)
        #expect(grown > 10, "500 rows fill pages: \(grown)")
        // The new pages, plus the few each commit rewrites: each b-tree's last leaf and the interior pages above it,
        // page 1. With the partial pending indexes this batch wrote 354 pages for 49 of growth.
        #expect(frames <= grown + 32, "\(frames) pages written for \(grown) pages of growth")
    }

    /// The writer's insert and update are run once per credential: neither may build a temporary b-tree per row. A
    /// CHECK constraint's `IN` list of three constants did, for 3 µs of every row's cost (migration 7).
    @Test func theWritersStatementsBuildNoTemporaryTablePerRow() throws {
        for sql in [CredentialWriter.insertSQL, CredentialWriter.updateSQL] {
            let opcodes = try Self.opcodes(of: sql, on: fixture.db)
            #expect(opcodes.contains("IdxInsert") || opcodes.contains("Insert"), "not a program: \(opcodes)")
            #expect(!opcodes.contains("OpenEphemeral"), "\(sql.prefix(40))… builds a temporary table per row")
        }
    }

    /// The opcodes of `sql`'s program on `db` (its parameters NULL).
    static func opcodes(of sql: String, on db: Connection) throws -> [String] {
        let parameters = [String?](repeating: nil, count: sql.filter { $0 == "?" }.count)
        return try db.prepare("EXPLAIN \(sql)").map(parameters) { $0.text(1) }
    }
}
