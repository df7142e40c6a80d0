import Foundation

extension QueuePolicy {
    /// The queue policy the settings describe.
    public init(settings: Settings) {
        self.init(
            maxAttempts: settings.syncMaxAttempts, backoff: Backoff(baseSeconds: settings.syncRetryBaseSeconds),
            startRate: StartRateLimit(perMinute: settings.syncJobsPerMinute),
            jobLeaseMs: Int64(settings.jobLeaseSeconds) * 1_000,
            finishedJobRetentionMs: Int64(settings.jobRetentionDays) * 86_400_000,
            syncRunRetentionMs: Int64(settings.runRetentionDays) * 86_400_000)
    }
}

extension Engine.Configuration {
    /// The engine the settings describe.
    public init(settings: Settings) {
        self.init(
            databasePath: settings.databasePath, concurrency: settings.syncConcurrency,
            queuePolicy: QueuePolicy(settings: settings), engineLeaseMs: Int64(settings.engineLeaseSeconds) * 1_000,
            housekeepingIntervalMs: min(1_000, Int64(settings.engineLeaseSeconds) * 1_000 / 3))
    }
}

extension SchedulerService.Configuration {
    /// The scheduler the settings describe. The cron settings were validated when the settings loaded.
    public init(settings: Settings, tokenRefreshEnabled: Bool) throws {
        self.init(
            syncCron: try CronExpression(parsing: settings.syncCronExpression),
            tokenRefreshCron: try CronExpression(parsing: settings.tokenRefreshCron), timeZone: settings.syncTimeZone,
            autoStart: settings.syncAutoStart, tokenRefreshEnabled: tokenRefreshEnabled)
    }
}
