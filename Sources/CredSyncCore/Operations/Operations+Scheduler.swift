import Foundation

extension Operations {
    // MARK: - Scheduler

    /// Starts the scheduler, with `cron` (checked first) replacing the configured expression when given. Counting
    /// starts now: no catch-up run for the time it was stopped.
    public func startScheduler(cron text: String?) throws -> SchedulerReport {
        let cron = try text.map { try CronExpression(parsing: $0) }
        try db.transaction(.immediate) {
            let store = SettingsStore(db: db)
            if let cron { try store.set(SettingKey.schedulerCron, cron.source, nowMs: clock.nowMs) }
            try store.set(SettingKey.schedulerEnabled, "true", nowMs: clock.nowMs)
            try store.set(SettingKey.schedulerLastFire, String(clock.nowMs), nowMs: clock.nowMs)
            var details: JSONObject = [:]
            if let cron { details["cron"] = .string(cron.source) }
            try context.audit.record("scheduler.start", target: "scheduler", details: details)
        }
        return try schedulerStatus()
    }

    /// Stops the scheduler; queued jobs still run.
    public func stopScheduler() throws -> SchedulerReport {
        try db.transaction(.immediate) {
            try SettingsStore(db: db).set(SettingKey.schedulerEnabled, "false", nowMs: clock.nowMs)
            try context.audit.record("scheduler.stop", target: "scheduler")
        }
        return try schedulerStatus()
    }

    /// The scheduler as the running engine runs it, or as this process's settings would when none runs. The
    /// enabled flag is always read from the database, so a start or stop shows at once.
    public func schedulerStatus() throws -> SchedulerReport {
        let local = try SchedulerService(
            configuration: try SchedulerService.Configuration(settings: context.settings, tokenRefreshEnabled: true),
            clock: clock, queuePolicy: QueuePolicy(settings: context.settings)
        ).status(db: db)
        guard let lease = try EngineLeaseStore(db: db, clock: clock).current(), lease.expiresAtMs > clock.nowMs,
            let engine = try EngineStatus.published(db: db, lease: lease), var scheduler = engine.scheduler
        else { return SchedulerReport(scheduler: local, engine: nil) }
        if scheduler.enabled != local.enabled {
            // Started or stopped since the engine last published: its next tick agrees.
            scheduler.enabled = local.enabled
            scheduler.nextRunMs = nil
            if local.enabled, let cron = try? CronExpression(parsing: scheduler.cron),
                let zone = TimeZone(identifier: scheduler.timeZone),
                let next = cron.nextFire(after: Date(timeIntervalSince1970: Double(clock.nowMs) / 1000), in: zone)
            {
                scheduler.nextRunMs = Int64(next.timeIntervalSince1970 * 1000)
            }
        }
        return SchedulerReport(scheduler: scheduler, engine: engine)
    }
}
