/// The queue at a glance, for `credsync jobs` and the dashboard header.
public struct QueueStatus: Sendable, Equatable {
    public var counts: [JobState: Int]
    public var paused: Bool
    /// When the next job may start under the global rate limit; nil when a start is allowed now.
    public var rateLimitedUntilMs: Int64?
}
