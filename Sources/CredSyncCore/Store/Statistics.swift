/// `credsync stats`: counts, the share of finished runs that completed, and run durations.
public struct Statistics: Encodable, Sendable, Equatable {
    public let platforms: Int
    public let users: Int
    public let credentials: [String: Int]
    public let runs: Int
    public let successRate: Double?
    public let medianDurationMs: Int64?
    public let p95DurationMs: Int64?
    public let openAlerts: Int

    enum CodingKeys: String, CodingKey {
        case platforms, users, credentials, runs
        case successRate = "success_rate", medianDurationMs = "median_duration_ms", p95DurationMs = "p95_duration_ms"
        case openAlerts = "open_alerts"
    }

    /// Reads them in one read transaction, so the numbers agree with each other.
    public static func read(db: Connection) throws -> Statistics {
        try db.transaction {
            func count(_ sql: String) throws -> Int { try db.first(sql) { $0.int(0) } ?? 0 }
            var credentials: [String: Int] = [:]
            try db.cached("SELECT status, count(*) FROM external_credentials GROUP BY status").forEach {
                credentials[$0.text(0)] = $0.int(1)
            }
            let durations = try db.all(
                "SELECT duration_ms FROM sync_runs WHERE duration_ms IS NOT NULL AND status <> 'running' ORDER BY duration_ms"
            ) { $0.int64(0) }
            let finished = try count("SELECT count(*) FROM sync_runs WHERE status <> 'running'")
            let good = try count("SELECT count(*) FROM sync_runs WHERE status IN ('succeeded', 'partial')")
            return Statistics(
                platforms: try count("SELECT count(*) FROM platforms"), users: try count("SELECT count(*) FROM users"),
                credentials: credentials, runs: finished,
                successRate: finished == 0 ? nil : Double(good) / Double(finished),
                medianDurationMs: durations.isEmpty ? nil : durations[durations.count / 2],
                p95DurationMs: durations.isEmpty ? nil : durations[min(durations.count - 1, durations.count * 95 / 100)],
                openAlerts: try count("SELECT count(*) FROM alerts WHERE resolved_at IS NULL"))
        }
    }
}
