/// Opens credsync databases: a connection with the schema brought up to date.
public enum Database {
    /// Opens `path`, applying pending migrations; fails with a `StoreError` the operator can act on.
    public static func open(
        path: String, options: Connection.Options = Connection.Options(), clock: any WallClock = SystemClock()
    ) throws -> Connection {
        let db = try Connection(path: path, options: options)
        if !options.readOnly {
            try Migrator().migrate(db, now: clock.nowMs)
        } else {
            let migrator = Migrator()
            let version = try db.first("SELECT coalesce(max(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
            if version > migrator.latestVersion {
                throw StoreError.schemaTooNew(path: path, found: version, supported: migrator.latestVersion)
            }
        }
        return db
    }
}
