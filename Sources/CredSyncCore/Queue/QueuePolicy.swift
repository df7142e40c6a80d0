/// The queue's tunables, from the settings of SPEC §4.
public struct QueuePolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var backoff: Backoff
    /// The global start-rate limit; nil starts jobs as fast as workers take them (benchmarks).
    public var startRate: StartRateLimit?
    public var jobLeaseMs: Int64
    public var finishedJobRetentionMs: Int64
    public var syncRunRetentionMs: Int64

    public init(
        maxAttempts: Int = 3, backoff: Backoff = Backoff(), startRate: StartRateLimit? = StartRateLimit(perMinute: 10),
        jobLeaseMs: Int64 = 30_000, finishedJobRetentionMs: Int64 = 7 * 86_400_000,
        syncRunRetentionMs: Int64 = 90 * 86_400_000
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.startRate = startRate
        self.jobLeaseMs = jobLeaseMs
        self.finishedJobRetentionMs = finishedJobRetentionMs
        self.syncRunRetentionMs = syncRunRetentionMs
    }
}
