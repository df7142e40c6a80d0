import Foundation

/// The scheduler's I/O shell: reads its persisted state, asks `SchedulerPlan`, enqueues what is due.
/// Runs on the engine's housekeeping thread.
public struct SchedulerService: Sendable {
    public struct Configuration: Sendable {
        /// `SYNC_CRON_EXPRESSION`; `credsync scheduler start --cron` overrides it in the database.
        public var syncCron: CronExpression
        /// `TOKEN_REFRESH_CRON`.
        public var tokenRefreshCron: CronExpression
        public var timeZone: TimeZone
        /// `SYNC_AUTO_START`: whether the scheduler runs when no operator has started or stopped it yet.
        public var autoStart: Bool
        /// Whether a token-refresh handler is registered, so its slot enqueues jobs someone will run.
        public var tokenRefreshEnabled: Bool

        public init(
            syncCron: CronExpression, tokenRefreshCron: CronExpression, timeZone: TimeZone, autoStart: Bool,
            tokenRefreshEnabled: Bool
        ) {
            self.syncCron = syncCron
            self.tokenRefreshCron = tokenRefreshCron
            self.timeZone = timeZone
            self.autoStart = autoStart
            self.tokenRefreshEnabled = tokenRefreshEnabled
        }
    }

    public let configuration: Configuration
    public let clock: any WallClock
    public let queuePolicy: QueuePolicy
    public let log: EngineLog

    public init(configuration: Configuration, clock: any WallClock, queuePolicy: QueuePolicy, log: EngineLog = .silent)
    {
        self.configuration = configuration
        self.clock = clock
        self.queuePolicy = queuePolicy
        self.log = log
    }

    /// One look at the clock: enqueues the syncs (and token refresh) that are due. Returns the jobs it created.
    public func tick(db: Connection, isStartup: Bool) throws -> [Job] {
        let settings = SettingsStore(db: db)
        let now = clock.nowMs
        guard try settings.bool(SettingKey.schedulerEnabled) ?? configuration.autoStart else { return [] }
        var created: [Job] = []
        let syncCron = try effectiveSyncCron(settings)
        let syncDecision = SchedulerPlan.decide(
            cron: syncCron, timeZone: configuration.timeZone, nowMs: now,
            lastFireMs: try settings.int64(SettingKey.schedulerLastFire), isStartup: isStartup)
        switch syncDecision {
        case .wait: break
        case .initialise(let at):
            try settings.set(SettingKey.schedulerLastFire, String(at), nowMs: now)
        case .fire(let trigger, let at):
            try db.transaction(.immediate) {
                created += try enqueueDueSyncs(db: db, trigger: trigger, now: now)
                try settings.set(SettingKey.schedulerLastFire, String(at), nowMs: now)
            }
            log.info("scheduler fired (\(trigger.rawValue)): \(created.count) platforms due")
        }
        guard configuration.tokenRefreshEnabled else { return created }
        let tokenDecision = SchedulerPlan.decide(
            cron: configuration.tokenRefreshCron, timeZone: configuration.timeZone, nowMs: now,
            lastFireMs: try settings.int64(SettingKey.tokenRefreshLastFire), isStartup: isStartup)
        switch tokenDecision {
        case .wait: break
        case .initialise(let at):
            try settings.set(SettingKey.tokenRefreshLastFire, String(at), nowMs: now)
        case .fire(let trigger, let at):
            try db.transaction(.immediate) {
                let queue = JobQueue(db: db, clock: clock, policy: queuePolicy)
                let result = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: trigger)
                if result.created { created.append(result.job) }
                try settings.set(SettingKey.tokenRefreshLastFire, String(at), nowMs: now)
            }
        }
        return created
    }

    /// The cron expression in force: the one saved by `scheduler start --cron`, else the configured one.
    public func effectiveSyncCron(_ settings: SettingsStore) throws -> CronExpression {
        guard let saved = try settings.value(SettingKey.schedulerCron) else { return configuration.syncCron }
        do {
            return try CronExpression(parsing: saved)
        } catch {
            log.warn("ignoring the saved scheduler cron: \(error); using \(configuration.syncCron.source)")
            return configuration.syncCron
        }
    }

    private func enqueueDueSyncs(db: Connection, trigger: JobTrigger, now: Int64) throws -> [Job] {
        let platforms = try db.all(
            """
            SELECT p.id, p.sync_frequency_hours,
                   (SELECT max(started_at) FROM sync_runs r WHERE r.platform_id = p.id AND r.status = 'succeeded')
            FROM platforms p WHERE p.is_active = 1 ORDER BY p.id
            """
        ) { (id: $0.int64(0), hours: $0.int(1), lastSuccess: $0.optionalInt64(2)) }
        let queue = JobQueue(db: db, clock: clock, policy: queuePolicy)
        var created: [Job] = []
        for platform in platforms
        where SchedulerPlan.isDue(frequencyHours: platform.hours, lastSuccessStartMs: platform.lastSuccess, nowMs: now)
        {
            let result = try queue.enqueue(kind: .sync, platformId: platform.id, trigger: trigger)
            if result.created { created.append(result.job) }
        }
        return created
    }
}
