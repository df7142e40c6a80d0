/// What `credsync metrics` reports, read from the database in one read transaction so the numbers agree.
public struct MetricsSnapshot: Sendable, Equatable {
    /// One platform's numbers.
    public struct PlatformNumbers: Sendable, Equatable {
        public var name: String
        public var isActive: Bool
        public var consecutiveFailures: Int
        public var lastSuccessAtMs: Int64?
        /// The duration of the platform's latest finished run.
        public var lastRunDurationMs: Int64?
        /// Finished runs still kept (`RUN_RETENTION_DAYS`) by status; every finished status is present.
        public var runs: [SyncRun.Status: Int]
        /// Runs started as a retry of a failed attempt.
        public var retries: Int
        /// Stored credentials by status; every status is present.
        public var credentials: [Credential.Status: Int]
        /// When its token expires, for platforms whose token expires and whose expiry is known.
        public var tokenExpiresAtMs: Int64?
    }

    public var nowMs: Int64
    /// By name.
    public var platforms: [PlatformNumbers]
    /// Jobs by state; every state is present.
    public var jobs: [JobState: Int]
    /// Open alerts by kind; every kind is present.
    public var openAlerts: [AlertKind: Int]
    /// The engine lease when it has not expired.
    public var lease: EngineLease?

    /// Reads the numbers as of `nowMs`.
    public static func read(db: Connection, nowMs: Int64) throws -> MetricsSnapshot {
        try db.transaction {
            let finished = SyncRun.Status.allCases.filter { $0 != .running }
            var byName: [Int64: PlatformNumbers] = [:]
            for platform in try PlatformStore(db: db, clock: SystemClock()).all() {
                byName[platform.id] = PlatformNumbers(
                    name: platform.name, isActive: platform.isActive,
                    consecutiveFailures: platform.consecutiveFailures, lastSuccessAtMs: platform.lastSuccessAtMs,
                    lastRunDurationMs: nil, runs: Dictionary(uniqueKeysWithValues: finished.map { ($0, 0) }),
                    retries: 0,
                    credentials: Dictionary(uniqueKeysWithValues: Credential.Status.allCases.map { ($0, 0) }),
                    tokenExpiresAtMs: nil)
            }
            try db.cached(
                """
                SELECT platform_id, status, count(*), sum(trigger = 'retry') FROM sync_runs
                WHERE status <> 'running' GROUP BY platform_id, status
                """
            ).forEach { row in
                guard let status = SyncRun.Status(rawValue: row.text(1)) else { return }
                byName[row.int64(0)]?.runs[status] = row.int(2)
                byName[row.int64(0)]?.retries += row.int(3)
            }
            try db.cached(
                """
                SELECT platform_id, duration_ms FROM sync_runs AS run
                WHERE id = (SELECT max(id) FROM sync_runs WHERE platform_id = run.platform_id AND status <> 'running')
                """
            ).forEach { byName[$0.int64(0)]?.lastRunDurationMs = $0.optionalInt64(1) }
            try db.cached("SELECT platform_id, status, count(*) FROM external_credentials GROUP BY platform_id, status")
                .forEach { row in
                    guard let status = Credential.Status(rawValue: row.text(1)) else { return }
                    byName[row.int64(0)]?.credentials[status] = row.int(2)
                }
            for token in try TokenStatus.all(db: db) {
                byName[token.platformId]?.tokenExpiresAtMs = token.expiresAtMs
            }
            var jobs = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            try db.cached("SELECT state, count(*) FROM jobs GROUP BY state").forEach { row in
                if let state = JobState(rawValue: row.text(0)) { jobs[state] = row.int(1) }
            }
            var alerts = Dictionary(uniqueKeysWithValues: AlertKind.allCases.map { ($0, 0) })
            try db.cached("SELECT kind, count(*) FROM alerts WHERE resolved_at IS NULL GROUP BY kind").forEach { row in
                if let kind = AlertKind(rawValue: row.text(0)) { alerts[kind] = row.int(1) }
            }
            let lease = try EngineLeaseStore(db: db, clock: SystemClock()).current().flatMap {
                $0.expiresAtMs > nowMs ? $0 : nil
            }
            return MetricsSnapshot(
                nowMs: nowMs, platforms: byName.values.sorted { $0.name < $1.name }, jobs: jobs, openAlerts: alerts,
                lease: lease)
        }
    }
}
