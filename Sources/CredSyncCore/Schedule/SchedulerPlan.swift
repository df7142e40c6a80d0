import Foundation

/// The scheduler's decisions as pure functions of the time and the persisted state.
public enum SchedulerPlan {
    /// What a cron slot should do now.
    public enum Decision: Sendable, Equatable {
        /// Nothing to do before `untilMs` (nil: the expression never fires again).
        case wait(untilMs: Int64?)
        /// First run on this database: remember now as the last fire, run nothing (no catch-up for a new install).
        case initialise(recordFireMs: Int64)
        /// Fire once with this trigger and remember `recordFireMs`: however many ticks were missed, one run.
        case fire(trigger: JobTrigger, recordFireMs: Int64)
    }

    /// Decides for one cron slot. `lastFireMs` is when it last fired (or was initialised); `isStartup` marks the
    /// engine's first look after starting, when a missed tick becomes a single `startup-catch-up` run.
    public static func decide(
        cron: CronExpression, timeZone: TimeZone, nowMs: Int64, lastFireMs: Int64?, isStartup: Bool
    ) -> Decision {
        guard let lastFireMs else { return .initialise(recordFireMs: nowMs) }
        let last = Date(timeIntervalSince1970: Double(lastFireMs) / 1000)
        guard let next = cron.nextFire(after: last, in: timeZone) else { return .wait(untilMs: nil) }
        let nextMs = Int64(next.timeIntervalSince1970 * 1000)
        guard nextMs <= nowMs else { return .wait(untilMs: nextMs) }
        return .fire(trigger: isStartup ? .startupCatchUp : .schedule, recordFireMs: nowMs)
    }

    /// Whether a platform synced every `frequencyHours` is due, given when its last successful sync started.
    ///
    /// A grace of a tenth of the period (at most an hour) absorbs the minutes between a cron tick and the sync it
    /// starts, so a 24-hour platform on a daily cron runs every day rather than every other day.
    public static func isDue(frequencyHours: Int, lastSuccessStartMs: Int64?, nowMs: Int64) -> Bool {
        guard let lastSuccessStartMs else { return true }
        let periodMs = Int64(frequencyHours) * 3_600_000
        let graceMs = min(periodMs / 10, 3_600_000)
        return nowMs - lastSuccessStartMs >= periodMs - graceMs
    }
}
