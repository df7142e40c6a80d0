import CredSyncCore

/// The row count of every table a sync, a token refresh or an operation writes: equal before and after an action
/// that must store nothing.
public func rowCounts(_ db: Connection) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for table in [
        "platforms", "external_credentials", "sync_runs", "jobs", "platform_tokens", "alerts", "audit_log", "users",
    ] {
        counts[table] = try db.first("SELECT COUNT(*) FROM \(table)") { $0.int(0) }
    }
    return counts
}
