import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// An operator's connection (a command's, the dashboard's) answers without copying a sync's WAL into the database:
/// beside a sync whose writer lets the WAL grow to 10,000 pages, SQLite's default checkpoint after 1,000 made every
/// claim copy the sync's latest pages and wait for their fsync (docs/performance.md).
@Suite struct OperatorConnectionTests {
    let fixture: TestDatabase

    init() throws {
        fixture = try TestDatabase()
        // A sync's writer: checkpoints only past 10,000 pages, so about 1,500 pages stay in the WAL.
        try fixture.db.execute(
            """
            PRAGMA wal_autocheckpoint = 10000;
            CREATE TABLE bulk (payload TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
            INSERT INTO bulk SELECT printf('%.1000c', 'x') FROM n;
            """)
    }

    private func databaseFileBytes() throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: fixture.path)[.size] as? Int) ?? -1
    }

    /// A small commit on `connection`; the database file's growth it caused.
    private func growthOfACommit(on connection: Connection) throws -> Int {
        let before = try databaseFileBytes()
        try connection.transaction(.immediate) {
            try connection.run("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 0)")
        }
        return try databaseFileBytes() - before
    }

    @Test func anOperatorsCommitLeavesTheSyncsPagesToTheSync() throws {
        let operatorConnection = try Database.open(path: fixture.path, options: .operatorAction, clock: fixture.clock)
        #expect(try growthOfACommit(on: operatorConnection) == 0)
    }

    @Test func aDefaultConnectionsCommitCopiesThem() throws {
        let worker = try fixture.openAnother()
        #expect(try growthOfACommit(on: worker) > 4_000_000)
    }
}
