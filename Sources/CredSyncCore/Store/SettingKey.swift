/// The keys of the `settings` table, in one place.
public enum SettingKey {
    public static let queuePaused = "queue.paused"
    public static let schedulerEnabled = "scheduler.enabled"
    public static let schedulerCron = "scheduler.cron"
    public static let schedulerLastFire = "scheduler.last_fire_at"
    public static let tokenRefreshLastFire = "token_refresh.last_fire_at"
    /// The engine's published `EngineStatus` (JSON).
    public static let engineStatus = "engine.status"
}
