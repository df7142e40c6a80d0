/// A platform at a glance, with its credential counts and its unfinished sync job: for `platforms list`/`show` and
/// the dashboard's Platforms pane.
public struct PlatformSummary: Sendable, Equatable, Encodable {
    public var id: Int64
    public var name: String
    public var displayName: String
    public var adapter: String
    public var active: Bool
    public var statusReason: String?
    public var lastSyncAtMs: Int64?
    public var lastSuccessAtMs: Int64?
    public var consecutiveFailures: Int
    public var syncFrequencyHours: Int
    public var credentials: Int
    public var pending: Int
    /// When its last completed run (succeeded or partial) started: the due rule's anchor.
    public var lastCompletedStartMs: Int64? = nil
    /// Its unfinished sync job, if any, with the attempts of it that failed.
    public var syncJob: SyncJob? = nil
    /// How its last finished run ended and how many items that run skipped as invalid; nil before its first.
    public var lastRunStatus: SyncRun.Status? = nil
    public var lastRunInvalid: Int = 0

    /// When the scheduler next considers it due, by the scheduler's own rule (`SchedulerPlan.nextDue`).
    public var nextDue: SchedulerPlan.NextDue {
        SchedulerPlan.nextDue(frequencyHours: syncFrequencyHours, lastCompletedStartMs: lastCompletedStartMs)
    }

    /// When it next falls due; nil when it has never completed a run (due now) or its frequency is unusable (never).
    public var nextDueAtMs: Int64? {
        if case .at(let dueMs) = nextDue { dueMs } else { nil }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, adapter, active, credentials, pending
        case displayName = "display_name", statusReason = "status_reason", lastSyncAt = "last_sync_at"
        case lastSuccessAt = "last_success_at", consecutiveFailures = "consecutive_failures"
        case syncFrequencyHours = "sync_frequency_hours", nextDueAt = "next_due_at"
        case syncJob = "sync_job", retrying
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(adapter, forKey: .adapter)
        try container.encode(active, forKey: .active)
        try container.encode(statusReason, forKey: .statusReason)
        try container.encode(lastSyncAtMs.map(Timestamp.iso8601), forKey: .lastSyncAt)
        try container.encode(lastSuccessAtMs.map(Timestamp.iso8601), forKey: .lastSuccessAt)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encode(syncFrequencyHours, forKey: .syncFrequencyHours)
        try container.encode(nextDueAtMs.map(Timestamp.iso8601), forKey: .nextDueAt)
        try container.encode(credentials, forKey: .credentials)
        try container.encode(pending, forKey: .pending)
        try container.encode(syncJob, forKey: .syncJob)
        try container.encode(isRetrying, forKey: .retrying)
    }

    /// A column of the platform's last finished run, walking the (platform_id, started_at) index backwards.
    static func lastRunSQL(_ column: String) -> String {
        """
        (SELECT lr.\(column) FROM sync_runs lr WHERE lr.platform_id = p.id AND lr.status <> 'running'
         ORDER BY lr.started_at DESC LIMIT 1)
        """
    }

    public static func all(db: Connection) throws -> [PlatformSummary] {
        try db.all(
            """
            SELECT p.id, p.name, p.display_name, p.adapter, p.is_active, p.status_reason, p.last_sync_at,
                   p.last_success_at, p.consecutive_failures, p.sync_frequency_hours,
                   (SELECT count(*) FROM external_credentials c WHERE c.platform_id = p.id),
                   (SELECT count(*) FROM external_credentials c WHERE c.platform_id = p.id AND c.status = 'pending'),
                   \(SyncRunStore.lastCompletedStartSQL(platformsAlias: "p")),
                   j.id, j.state, j.attempts, j.max_attempts, j.last_error, j.run_at,
                   \(lastRunSQL("status")), \(lastRunSQL("invalid"))
            FROM platforms p
            LEFT JOIN jobs j ON j.kind = 'sync' AND ifnull(j.platform_id, 0) = p.id
                             AND j.state IN ('waiting', 'delayed', 'active')
            ORDER BY p.name
            """
        ) { row in
            let syncJob = row.optionalInt64(13).map { jobId in
                SyncJob(
                    jobId: jobId, state: JobState(rawValue: row.text(14)) ?? .waiting, attempts: row.int(15),
                    maxAttempts: row.int(16), lastError: row.optionalText(17), runAtMs: row.int64(18))
            }
            return PlatformSummary(
                id: row.int64(0), name: row.text(1), displayName: row.text(2), adapter: row.text(3),
                active: row.bool(4), statusReason: row.optionalText(5), lastSyncAtMs: row.optionalInt64(6),
                lastSuccessAtMs: row.optionalInt64(7),
                consecutiveFailures: row.int(8), syncFrequencyHours: row.int(9), credentials: row.int(10),
                pending: row.int(11), lastCompletedStartMs: row.optionalInt64(12), syncJob: syncJob,
                lastRunStatus: row.optionalText(19).flatMap(SyncRun.Status.init(rawValue:)),
                lastRunInvalid: row.optionalInt(20) ?? 0)
        }
    }
}
