import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

@Suite struct MigratorTests {
    let directory = TemporaryDirectory()

    @Test func freshDatabaseGetsEveryMigrationAndTheWholeSchema() throws {
        let db = try Connection(path: directory.file("fresh.db"))
        let applied = try Migrator().migrate(db, now: 1_000)
        #expect(applied == Array(1...Schema.migrations.count))
        let tables = try db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) }
        for table in [
            "alerts", "audit_log", "engine_lease", "external_credentials", "jobs", "platform_tokens", "platforms",
            "schema_migrations", "settings", "sync_runs", "users",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try Migrator().currentVersion(of: db) == Schema.migrations.count)
    }

    @Test func rerunningAppliesNothingAndKeepsData() throws {
        let path = directory.file("rerun.db")
        do {
            let db = try Database.open(path: path)
            try db.run("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)")
        }
        let db = try Connection(path: path)
        #expect(try Migrator().migrate(db, now: 2_000) == [])
        #expect(try db.first("SELECT value FROM settings WHERE key = 'k'") { $0.text(0) } == "v")
        #expect(try db.first("SELECT count(*) FROM schema_migrations") { $0.int(0) } == Schema.migrations.count)
    }

    @Test func newerSchemaIsRefusedWithAClearMessage() throws {
        let path = directory.file("newer.db")
        do {
            let db = try Database.open(path: path)
            try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 1)")
        }
        #expect(throws: StoreError.schemaTooNew(path: path, found: 999, supported: Schema.migrations.count)) {
            _ = try Database.open(path: path)
        }
        let message = StoreError.schemaTooNew(path: path, found: 999, supported: 1).description
        #expect(message.contains("upgrade credsync"))
    }

    @Test func aFailingMigrationRollsBackCompletely() throws {
        let db = try Connection(path: directory.file("broken.db"))
        let migrations = [
            Migration(version: 1, name: "ok", sql: "CREATE TABLE a (x INTEGER)"),
            Migration(version: 2, name: "broken", sql: "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1)"),
        ]
        #expect(throws: DatabaseError.self) { try Migrator(migrations: migrations).migrate(db, now: 1) }
        #expect(try Migrator(migrations: migrations).currentVersion(of: db) == 1)
        let tables = try db.all("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) }
        #expect(tables.contains("a"))
        #expect(!tables.contains("b"))
    }

    @Test func databaseFileIsPrivateAndInWALMode() throws {
        let path = directory.file("private.db")
        let db = try Database.open(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try db.first("PRAGMA journal_mode") { $0.text(0) } == "wal")
        #expect(try db.first("PRAGMA foreign_keys") { $0.int(0) } == 1)
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let path = directory.file("notes.txt")
        try Data(String(repeating: "this is not sqlite\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { _ = try Database.open(path: path) }
    }
}
