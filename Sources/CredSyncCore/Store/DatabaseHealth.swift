import Foundation

/// What `credsync doctor` reads of the database file itself: integrity, schema version, write access, the WAL's
/// size and the free space beside it. Reads only; the write probe takes the write lock and rolls back.
public struct DatabaseHealth {
    public let db: Connection

    public init(db: Connection) {
        self.db = db
    }

    /// `PRAGMA quick_check`'s findings: `["ok"]` for a sound database.
    ///
    /// > quick_check … does not verify UNIQUE constraints and does not verify that index content matches table
    /// > content … it runs much faster than integrity_check.
    public func quickCheck() throws -> [String] {
        try db.all("PRAGMA quick_check") { $0.text(0) }
    }

    /// The schema version recorded in the file, and the newest this binary knows.
    public func schemaVersion() throws -> (current: Int, latest: Int) {
        let migrator = Migrator()
        return (try migrator.currentVersion(of: db), migrator.latestVersion)
    }

    /// Takes the write lock (`BEGIN IMMEDIATE`) and gives it back without writing: throws when the file, its folder
    /// or the lock cannot be had.
    public func probeWrite() throws {
        try db.transaction(.immediate) {}
    }

    /// The size of the write-ahead log (`PATH-wal`) in bytes; 0 when there is none.
    public var walBytes: Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: db.path + "-wal")
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The bytes free to this user on the file system that holds the database; nil when it cannot be read.
    public var freeBytes: Int64? {
        var stats = statvfs()
        let folder = (db.path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
