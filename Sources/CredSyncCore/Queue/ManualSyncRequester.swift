/// Queues an operator's sync of one platform, through the manual-sync limiter: the one path `credsync sync` and
/// the dashboard's `s`/`S` share.
public struct ManualSyncRequester {
    public let db: Connection
    public let clock: any WallClock
    public let limit: ManualSyncLimit
    public let queuePolicy: QueuePolicy

    public init(db: Connection, clock: any WallClock, limit: ManualSyncLimit, queuePolicy: QueuePolicy) {
        self.db = db
        self.clock = clock
        self.limit = limit
        self.queuePolicy = queuePolicy
    }

    public init(db: Connection, clock: any WallClock, settings: Settings) {
        self.init(db: db, clock: clock, limit: ManualSyncLimit(settings: settings), queuePolicy: QueuePolicy(settings: settings))
    }

    /// Enqueues a manual sync (or finds the one already queued), unless the limiter refuses.
    /// `accepted` runs in the same transaction once the job is queued (or found queued): the audit row.
    public func request(
        _ platform: Platform, full: Bool, accepted: (Job, _ created: Bool) throws -> Void = { _, _ in }
    ) throws -> Result<(job: Job, created: Bool), ManualSyncRefusal> {
        let queue = JobQueue(db: db, clock: clock, policy: queuePolicy)
        return try ManualSyncLimiter(db: db, clock: clock, limit: limit).request(platformId: platform.id) {
            let result = try queue.enqueue(
                kind: .sync, platformId: platform.id, trigger: .manual, priority: 0,
                payload: SyncJobHandler.Request(full: full).json)
            try accepted(result.job, result.created)
            return result
        }
    }
}
