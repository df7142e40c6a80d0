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

    /// When a platform falls due again.
    public enum NextDue: Sendable, Equatable {
        /// It never completed a run: due at the next tick.
        case now
        /// Due from this time on (Unix ms): the next tick at or after it enqueues a sync.
        case at(Int64)
        /// Its `sync_frequency_hours` is not a usable period — not positive, or so large that the period in
        /// milliseconds overflows (an old database's value) — so it is never due; the scheduler logs it.
        case never

        /// Whether a platform due so is due at `nowMs`.
        public func isDue(atMs nowMs: Int64) -> Bool {
            switch self {
            case .now: true
            case .at(let dueMs): nowMs >= dueMs
            case .never: false
            }
        }
    }

    /// When a platform synced every `frequencyHours` falls due, given when its last completed run started
    /// (`SyncRun.Status.isCompleted`: succeeded or partial). Never traps, whatever the stored values.
    ///
    /// A grace of a tenth of the period (at most an hour) absorbs the minutes between a cron tick and the sync it
    /// starts, so a 24-hour platform on a daily cron runs every day rather than every other day.
    public static func nextDue(frequencyHours: Int, lastCompletedStartMs: Int64?) -> NextDue {
        guard frequencyHours > 0 else { return .never }
        let (periodMs, overflow) = Int64(frequencyHours).multipliedReportingOverflow(by: 3_600_000)
        guard !overflow else { return .never }
        guard let lastCompletedStartMs else { return .now }
        let graceMs = min(periodMs / 10, 3_600_000)
        let (dueMs, late) = lastCompletedStartMs.addingReportingOverflow(periodMs - graceMs)
        return late ? .never : .at(dueMs)
    }

    /// Whether a platform synced every `frequencyHours` is due at `nowMs`; see `nextDue`.
    public static func isDue(frequencyHours: Int, lastCompletedStartMs: Int64?, nowMs: Int64) -> Bool {
        nextDue(frequencyHours: frequencyHours, lastCompletedStartMs: lastCompletedStartMs).isDue(atMs: nowMs)
    }
}
