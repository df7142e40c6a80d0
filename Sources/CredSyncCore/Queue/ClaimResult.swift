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

/// What renewing an active job's lease found.
public enum LeaseRenewal: Sendable, Equatable {
    case renewed(cancelRequested: Bool)
    /// The job is no longer active under this holder (it was recovered as stalled, or cancelled and finished).
    case lost
}

/// What a cancel request did.
public enum CancelResult: Sendable, Equatable {
    /// A waiting or delayed job was cancelled at once.
    case cancelled
    /// An active job was asked to stop at its next page boundary.
    case requested
    case alreadyFinished(JobState)
    case notFound
}

/// The queue at a glance, for `credsync jobs` and the dashboard header.
public struct QueueStatus: Sendable, Equatable {
    public var counts: [JobState: Int]
    public var paused: Bool
    /// When the next job may start under the global rate limit; nil when a start is allowed now.
    public var rateLimitedUntilMs: Int64?
}
