import CredSyncCore

/// A fresh migrated database in its own temporary folder, kept alive as long as the value.
public final class TestDatabase {
    public let directory = TemporaryDirectory("credsync-db")
    public let path: String
    public let clock: ManualClock
    public let db: Connection

    /// 2026-01-01T00:00:00Z, a fixed start for injected clocks.
    public static let epochMs: Int64 = 1_767_225_600_000

    public init(nowMs: Int64 = TestDatabase.epochMs) throws {
        path = directory.file("credsync.db")
        clock = ManualClock(nowMs: nowMs)
        db = try Database.open(path: path, clock: clock)
    }

    /// Another connection to the same file, as another thread or process would have.
    public func openAnother() throws -> Connection {
        try Database.open(path: path, clock: clock)
    }

    /// Inserts a platform row directly, for tests that need one before the platform commands exist.
    @discardableResult
    public func insertPlatform(name: String, frequencyHours: Int = 24, active: Bool = true) throws -> Int64 {
        try db.run(
            """
            INSERT INTO platforms (name, display_name, adapter, sync_frequency_hours, is_active, created_at, updated_at)
            VALUES (?, ?, 'generic_rest', ?, ?, ?, ?)
            """, [name, name.uppercased(), frequencyHours, active, clock.nowMs, clock.nowMs])
        return db.lastInsertRowID
    }
}
