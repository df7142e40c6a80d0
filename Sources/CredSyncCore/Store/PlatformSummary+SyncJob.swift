extension PlatformSummary {
    /// The platform's unfinished sync job (waiting, delayed or active; there is at most one), so that a job retrying
    /// after failed attempts shows on its platform before it fails for good and `consecutive_failures` grows.
    public struct SyncJob: Sendable, Equatable, Encodable {
        public var jobId: Int64
        public var state: JobState
        /// Attempts of this job that were spent and failed; an attempt that is running now is not counted.
        public var failedAttempts: Int
        public var maxAttempts: Int
        /// The last failed attempt's error, as stored in `jobs.last_error` (secrets already masked).
        public var lastError: String?
        /// When the job may next start: the next attempt of a delayed job. Nil while it runs.
        public var runAtMs: Int64?

        public init(
            jobId: Int64, state: JobState, failedAttempts: Int, maxAttempts: Int, lastError: String?, runAtMs: Int64?
        ) {
            self.jobId = jobId
            self.state = state
            self.failedAttempts = failedAttempts
            self.maxAttempts = maxAttempts
            self.lastError = lastError
            self.runAtMs = runAtMs
        }

        /// Reads the job from its `jobs` columns: `attempts` counts the running attempt of an active job, which has
        /// not failed (yet); for a waiting or delayed job every attempt spent has failed (a shutdown or a stall hands
        /// the attempt back). An error left from before an operator's retry (attempts reset) is not this job's.
        init(jobId: Int64, state: JobState, attempts: Int, maxAttempts: Int, lastError: String?, runAtMs: Int64) {
            let failed = max(0, state == .active ? attempts - 1 : attempts)
            self.init(
                jobId: jobId, state: state, failedAttempts: failed, maxAttempts: maxAttempts,
                lastError: failed > 0 ? lastError : nil, runAtMs: state == .active ? nil : runAtMs)
        }

        /// Whether it is retrying: attempts of it have failed and it has not failed for good.
        public var isRetrying: Bool { failedAttempts > 0 }

        enum CodingKeys: String, CodingKey {
            case id, state, failedAttempts = "failed_attempts", maxAttempts = "max_attempts"
            case lastError = "last_error", nextAttemptAt = "next_attempt_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jobId, forKey: .id)
            try container.encode(state.rawValue, forKey: .state)
            try container.encode(failedAttempts, forKey: .failedAttempts)
            try container.encode(maxAttempts, forKey: .maxAttempts)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(runAtMs.map(Timestamp.iso8601), forKey: .nextAttemptAt)
        }
    }

    /// Whether its sync job is retrying after failed attempts.
    public var isRetrying: Bool { syncJob?.isRetrying ?? false }
}
