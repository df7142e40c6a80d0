/// What asking the queue for work returned.
public enum ClaimResult: Sendable, Equatable {
    /// The job is now active under the caller's lease.
    case claimed(Job)
    /// Nothing is runnable; the earliest waiting or delayed job becomes runnable at `nextRunAtMs`, if any.
    case idle(nextRunAtMs: Int64?)
    /// The queue is paused.
    case paused
    /// A job is runnable but the global start rate is used up until `untilMs`.
    case rateLimited(untilMs: Int64)
}
