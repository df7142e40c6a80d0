/// Persisted runtime switches in the `settings` table: scheduler state, queue pause, and the like.
public struct SettingsStore {
    public let db: Connection

    public init(db: Connection) { self.db = db }

    public func value(_ key: String) throws -> String? {
        try db.first("SELECT value FROM settings WHERE key = ?", [key]) { $0.text(0) }
    }

    public func set(_ key: String, _ value: String, nowMs: Int64) throws {
        try db.run(
            """
            INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, [key, value, nowMs])
    }

    public func remove(_ key: String) throws {
        try db.run("DELETE FROM settings WHERE key = ?", [key])
    }

    public func bool(_ key: String) throws -> Bool? {
        try value(key).map { $0 == "true" }
    }

    public func int64(_ key: String) throws -> Int64? {
        try value(key).flatMap { Int64($0) }
    }
}
