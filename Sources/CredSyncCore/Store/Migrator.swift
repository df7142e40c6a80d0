/// Applies numbered migrations, each in its own transaction, and records them in `schema_migrations`.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Schema.migrations) {
        precondition(
            migrations.map(\.version) == Array(1...migrations.count), "migrations must be numbered 1, 2, 3… in order")
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.count }

    /// The highest migration recorded in the database, 0 for a new one.
    public func currentVersion(of db: Connection) throws -> Int {
        let exists = try db.first(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") { $0.int(0) } ?? 0
        guard exists > 0 else { return 0 }
        return try db.first("SELECT coalesce(max(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
    }

    /// Brings the schema up to date; refuses a database whose schema is newer than this binary.
    /// Returns the versions it applied.
    @discardableResult
    public func migrate(_ db: Connection, now: Int64) throws -> [Int] {
        // Reading the version takes no write lock, so opening an up-to-date database never waits on a writer.
        let current = try currentVersion(of: db)
        if current > latestVersion {
            throw StoreError.schemaTooNew(path: db.path, found: current, supported: latestVersion)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            try db.transaction(.immediate) {
                try db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
                )
                // Another process may have migrated between our check and this transaction.
                guard try currentVersion(of: db) < migration.version else { return }
                try migration.apply(db)
                try db.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [migration.version, migration.name, now])
                applied.append(migration.version)
            }
        }
        return applied
    }
}
