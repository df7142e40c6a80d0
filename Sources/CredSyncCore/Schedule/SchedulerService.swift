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
        guard try settings.bool(SettingKey.schedulerEnabled) ?? configuration.autoStart else { return [] }
        var created = try runSlot(
            db: db, cron: try effectiveSyncCron(settings), lastFireKey: SettingKey.schedulerLastFire,
            isStartup: isStartup
        ) { trigger, now in
            let due = try enqueueDueSyncs(db: db, trigger: trigger, now: now)
            log.info("scheduler fired (\(trigger.rawValue)): \(due.count) platforms due")
            return due
        }
        if configuration.tokenRefreshEnabled {
            created += try runSlot(
                db: db, cron: configuration.tokenRefreshCron, lastFireKey: SettingKey.tokenRefreshLastFire,
                isStartup: isStartup
            ) { trigger, _ in
                let result = try JobQueue(db: db, clock: clock, policy: queuePolicy)
                    .enqueue(kind: .tokenRefresh, platformId: nil, trigger: trigger)
                return result.created ? [result.job] : []
            }
        }
        return created
    }

    /// Decides one cron slot and, when it fires, runs `fire` and records the fire in one transaction.
    private func runSlot(
        db: Connection, cron: CronExpression, lastFireKey: String, isStartup: Bool,
        fire: (JobTrigger, Int64) throws -> [Job]
    ) throws -> [Job] {
        let settings = SettingsStore(db: db)
        let now = clock.nowMs
        let decision = SchedulerPlan.decide(
            cron: cron, timeZone: configuration.timeZone, nowMs: now, lastFireMs: try settings.int64(lastFireKey),
            isStartup: isStartup)
        switch decision {
        case .wait:
            return []
        case .initialise(let at):
            try settings.set(lastFireKey, String(at), nowMs: now)
            return []
        case .fire(let trigger, let at):
            return try db.transaction(.immediate) {
                let created = try fire(trigger, now)
                try settings.set(lastFireKey, String(at), nowMs: now)
                return created
            }
        }
    }

    /// The cron expression in force: the one saved by `scheduler start --cron`, else the configured one.
    public func effectiveSyncCron(_ settings: SettingsStore) throws -> CronExpression {
        let (cron, problem) = try syncCron(settings)
        if let problem { log.warn(problem) }
        return cron
    }

    /// The cron in force, and why a saved one is ignored, if it is.
    private func syncCron(_ settings: SettingsStore) throws -> (CronExpression, problem: String?) {
        guard let saved = try settings.value(SettingKey.schedulerCron) else { return (configuration.syncCron, nil) }
        do {
            return (try CronExpression(parsing: saved), nil)
        } catch {
            return (
                configuration.syncCron,
                "ignoring the saved scheduler cron: \(error); using \(configuration.syncCron.source)"
            )
        }
    }

    /// The scheduler's state and next fire times as this configuration sees the database now.
    public func status(db: Connection) throws -> SchedulerStatus {
        let settings = SettingsStore(db: db)
        let enabled = try settings.bool(SettingKey.schedulerEnabled) ?? configuration.autoStart
        let (cron, problem) = try syncCron(settings)
        let now = Date(timeIntervalSince1970: Double(clock.nowMs) / 1000)
        func next(_ cron: CronExpression) -> Int64? {
            guard enabled, let date = cron.nextFire(after: now, in: configuration.timeZone) else { return nil }
            return Int64(date.timeIntervalSince1970 * 1000)
        }
        return SchedulerStatus(
            enabled: enabled, cron: cron.source, cronProblem: problem, timeZone: configuration.timeZone.identifier,
            nextRunMs: next(cron), tokenRefreshCron: configuration.tokenRefreshCron.source,
            nextTokenRefreshMs: configuration.tokenRefreshEnabled ? next(configuration.tokenRefreshCron) : nil,
            lastTickMs: try settings.int64(SettingKey.schedulerLastFire))
    }

    private func enqueueDueSyncs(db: Connection, trigger: JobTrigger, now: Int64) throws -> [Job] {
        let platforms = try db.all(
            """
            SELECT p.id, p.name, p.sync_frequency_hours, \(SyncRunStore.lastCompletedStartSQL(platformsAlias: "p"))
            FROM platforms p WHERE p.is_active = 1 ORDER BY p.id
            """
        ) { (id: $0.int64(0), name: $0.text(1), hours: $0.int(2), lastCompletedStart: $0.optionalInt64(3)) }
        let queue = JobQueue(db: db, clock: clock, policy: queuePolicy)
        var created: [Job] = []
        for platform in platforms {
            let due = SchedulerPlan.nextDue(
                frequencyHours: platform.hours, lastCompletedStartMs: platform.lastCompletedStart)
            if due == .never {
                log.warn(
                    "platform \(platform.name): sync_frequency_hours \(platform.hours) is not a usable period; not "
                        + "scheduled (set a frequency in hours with 'credsync platforms edit')")
            }
            guard due.isDue(atMs: now) else { continue }
            let result = try queue.enqueue(kind: .sync, platformId: platform.id, trigger: trigger)
            if result.created { created.append(result.job) }
        }
        return created
    }
}
