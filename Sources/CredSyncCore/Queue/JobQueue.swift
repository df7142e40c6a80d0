/// The durable job queue over the `jobs` table.
///
/// Every method is one transaction; claiming takes the write lock up front (`BEGIN IMMEDIATE`) so two workers
/// in any number of processes never claim the same job. A queue value wraps one connection: use it on one thread.
public struct JobQueue {
    public let db: Connection
    public let clock: any WallClock
    public let policy: QueuePolicy
    /// A source of numbers in 0..<1 for backoff jitter; tests pass a constant.
    public let unitRandom: @Sendable () -> Double

    public init(
        db: Connection, clock: any WallClock, policy: QueuePolicy = QueuePolicy(),
        unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.db = db
        self.clock = clock
        self.policy = policy
        self.unitRandom = unitRandom
    }

    static let unfinished = "state IN ('waiting', 'delayed', 'active')"

    // MARK: - Enqueue

    /// Adds a job unless one of the same kind for the same platform is unfinished, in which case that job is
    /// returned (moved earlier and up in priority if this request is more urgent) and `created` is false.
    @discardableResult
    public func enqueue(
        kind: JobKind, platformId: Int64?, trigger: JobTrigger, priority: Int = 10, runAtMs: Int64? = nil,
        payload: String? = nil
    ) throws -> (job: Job, created: Bool) {
        let now = clock.nowMs
        let runAt = runAtMs ?? now
        return try db.transaction(.immediate) {
            if var existing = try db.first(
                "SELECT \(Job.columns) FROM jobs WHERE kind = ? AND ifnull(platform_id, 0) = ifnull(?, 0) AND \(Self.unfinished)",
                [kind.rawValue, platformId], Job.init(row:))
            {
                if existing.state != .active && (runAt < existing.runAt || priority < existing.priority) {
                    existing.runAt = min(runAt, existing.runAt)
                    existing.priority = min(priority, existing.priority)
                    try db.run(
                        "UPDATE jobs SET run_at = ?, priority = ?, updated_at = ? WHERE id = ?",
                        [existing.runAt, existing.priority, now, existing.id])
                }
                return (existing, false)
            }
            let state: JobState = runAt > now ? .delayed : .waiting
            try db.run(
                """
                INSERT INTO jobs (kind, platform_id, state, priority, max_attempts, run_at, trigger, payload,
                                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    kind.rawValue, platformId, state.rawValue, priority, policy.maxAttempts, runAt, trigger.rawValue,
                    payload, now, now,
                ])
            return (try job(id: db.lastInsertRowID)!, true)
        }
    }

    // MARK: - Claim and lease

    /// Takes the next runnable job of one of `kinds` by (priority, run_at), marks it active under `holder`'s lease
    /// and counts one attempt — unless the queue is paused or the start rate is used up.
    public func claim(holder: String, kinds: [JobKind]) throws -> ClaimResult {
        precondition(!kinds.isEmpty)
        let now = clock.nowMs
        let kindList = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
        let kindValues: [any DatabaseValueConvertible] = kinds.map(\.rawValue)
        return try db.transaction(.immediate) {
            if try SettingsStore(db: db).bool(SettingKey.queuePaused) == true { return .paused }
            guard
                let next = try db.first(
                    """
                    SELECT \(Job.columns) FROM jobs INDEXED BY jobs_runnable
                    WHERE state IN ('waiting', 'delayed') AND run_at <= ? AND kind IN (\(kindList))
                    ORDER BY priority, run_at, id LIMIT 1
                    """, [now] + kindValues, Job.init(row:))
            else {
                let nextRunAt = try db.first(
                    "SELECT min(run_at) FROM jobs WHERE state IN ('waiting', 'delayed') AND kind IN (\(kindList))",
                    kindValues
                ) { $0.optionalInt64(0) }
                return .idle(nextRunAtMs: nextRunAt ?? nil)
            }
            let allowedAt = try nextStartAllowedMs(now: now)
            if allowedAt > now { return .rateLimited(untilMs: allowedAt) }
            let lockedUntil = now + policy.jobLeaseMs
            try db.run(
                """
                UPDATE jobs SET state = 'active', attempts = attempts + 1, locked_by = ?, locked_until = ?,
                                started_at = ?, updated_at = ?
                WHERE id = ?
                """, [holder, lockedUntil, now, now, next.id])
            if policy.startRate != nil { try db.run("INSERT INTO job_starts (at) VALUES (?)", [now]) }
            var claimed = next
            claimed.state = .active
            claimed.attempts += 1
            claimed.lockedBy = holder
            claimed.lockedUntil = lockedUntil
            claimed.startedAt = now
            claimed.updatedAt = now
            return .claimed(claimed)
        }
    }

    /// When the global start-rate limit next allows a start (`now` when it allows one at once).
    public func nextStartAllowedMs(now: Int64) throws -> Int64 {
        guard let limit = policy.startRate else { return now }
        // Only the limit-th most recent start in the window matters: one index seek, however busy the queue.
        let recent = try db.all(
            "SELECT at FROM job_starts WHERE at > ? ORDER BY at DESC LIMIT ?",
            [now - StartRateLimit.windowMs, limit.perMinute]
        ) { $0.int64(0) }
        return limit.nextStartMs(recentStartsMs: recent.reversed(), nowMs: now)
    }

    /// Extends the lease of an active job held by `holder` and reports whether a cancel was requested.
    public func renewLease(jobId: Int64, holder: String) throws -> LeaseRenewal {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            try db.run(
                "UPDATE jobs SET locked_until = ?, updated_at = ? WHERE id = ? AND state = 'active' AND locked_by = ?",
                [now + policy.jobLeaseMs, now, jobId, holder])
            guard db.changes == 1 else { return .lost }
            let cancel = try db.first("SELECT cancel_requested FROM jobs WHERE id = ?", [jobId]) { $0.bool(0) }
            return .renewed(cancelRequested: cancel ?? false)
        }
    }

    /// Records progress and the resume checkpoint of an active job. Call it inside the transaction that commits the
    /// work the checkpoint stands for; it throws `QueueError.leaseLost` (rolling that work back) when `holder` no
    /// longer owns the job.
    public func saveProgress(
        jobId: Int64, holder: String, done: Int, total: Int?, checkpoint: String?
    ) throws {
        let now = clock.nowMs
        try db.transaction(.immediate) {
            try db.run(
                """
                UPDATE jobs SET progress_done = ?, progress_total = ?, checkpoint = ?, locked_until = ?, updated_at = ?
                WHERE id = ? AND state = 'active' AND locked_by = ?
                """, [done, total, checkpoint, now + policy.jobLeaseMs, now, jobId, holder])
            guard db.changes == 1 else { throw QueueError.leaseLost(jobId: jobId) }
        }
    }

    // MARK: - Outcomes

    /// Applies the outcome of an attempt. Returns the job as it now stands, or nil when `holder` had lost the job
    /// (it was recovered as stalled meanwhile), in which case nothing is changed.
    @discardableResult
    public func complete(jobId: Int64, holder: String, outcome: JobOutcome) throws -> Job? {
        try complete(jobId: jobId, holder: holder, outcome: outcome, thenClaimFor: nil).finished
    }

    /// Applies an attempt's outcome and, in the same transaction, claims the worker's next job: one commit (one
    /// fsync under `synchronous=FULL`) per job instead of two.
    public func completeAndClaim(jobId: Int64, holder: String, outcome: JobOutcome, kinds: [JobKind]) throws -> (
        finished: Job?, next: ClaimResult
    ) {
        let result = try complete(jobId: jobId, holder: holder, outcome: outcome, thenClaimFor: kinds)
        return (result.finished, result.next!)
    }

    private func complete(jobId: Int64, holder: String, outcome: JobOutcome, thenClaimFor kinds: [JobKind]?) throws -> (
        finished: Job?, next: ClaimResult?
    ) {
        let now = clock.nowMs
        let outcome = outcome.redacted
        return try db.transaction(.immediate) {
            guard let current = try job(id: jobId), current.state == .active, current.lockedBy == holder else {
                return (nil, try kinds.map { try claim(holder: holder, kinds: $0) })
            }
            switch outcome {
            case .succeeded:
                try finish(jobId, state: .completed, error: nil, now: now)
            case .failed(let error):
                try finish(jobId, state: .failed, error: error, now: now)
            case .cancelled:
                try finish(jobId, state: .cancelled, error: current.lastError, now: now)
            case .delayed(let untilMs, let reason):
                // The claim counted this attempt; the platform's wait is not the job's failure, so it is given back.
                try db.run(
                    """
                    UPDATE jobs SET state = 'delayed', run_at = ?, attempts = max(attempts - 1, 0), last_error = ?,
                                    locked_by = NULL, locked_until = NULL, updated_at = ?
                    WHERE id = ?
                    """, [max(untilMs, now), reason, now, jobId])
            case .retry(let afterMs, let error):
                if current.attempts >= current.maxAttempts {
                    try finish(
                        jobId, state: .failed, error: "\(error) (gave up after \(current.attempts) attempts)", now: now)
                } else {
                    let delay =
                        afterMs ?? policy.backoff.delayMs(afterAttempt: current.attempts, unitRandom: unitRandom())
                    try db.run(
                        """
                        UPDATE jobs SET state = 'delayed', run_at = ?, last_error = ?, locked_by = NULL,
                                        locked_until = NULL, updated_at = ?
                        WHERE id = ?
                        """, [now + max(0, delay), error, now, jobId])
                }
            }
            return (try job(id: jobId), try kinds.map { try claim(holder: holder, kinds: $0) })
        }
    }

    /// Hands an active job back to waiting without counting the attempt: for graceful shutdown.
    public func release(jobId: Int64, holder: String) throws {
        let now = clock.nowMs
        try db.run(
            """
            UPDATE jobs SET state = 'waiting', attempts = max(attempts - 1, 0), locked_by = NULL, locked_until = NULL,
                            run_at = ?, updated_at = ?
            WHERE id = ? AND state = 'active' AND locked_by = ?
            """, [now, now, jobId, holder])
    }

    private func finish(_ jobId: Int64, state: JobState, error: String?, now: Int64) throws {
        try db.run(
            """
            UPDATE jobs SET state = ?, last_error = ?, locked_by = NULL, locked_until = NULL, finished_at = ?,
                            updated_at = ?
            WHERE id = ?
            """, [state.rawValue, error, now, now, jobId])
    }

    // MARK: - Operator actions

    /// Cancels a waiting or delayed job at once; asks an active one to stop at its next page boundary.
    public func cancel(jobId: Int64) throws -> CancelResult {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            guard let current = try job(id: jobId) else { return .notFound }
            switch current.state {
            case .waiting, .delayed:
                try finish(jobId, state: .cancelled, error: current.lastError, now: now)
                return .cancelled
            case .active:
                try db.run("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?", [now, jobId])
                return .requested
            case .completed, .failed, .cancelled:
                return .alreadyFinished(current.state)
            }
        }
    }

    /// Puts a failed or cancelled job back to waiting with fresh attempts. When another unfinished job of the same
    /// kind and platform exists, that one is returned instead.
    public func retry(jobId: Int64) throws -> Job? {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            guard let current = try job(id: jobId) else { return nil }
            guard current.state == .failed || current.state == .cancelled else { return current }
            if let other = try db.first(
                "SELECT \(Job.columns) FROM jobs WHERE kind = ? AND ifnull(platform_id, 0) = ifnull(?, 0) AND \(Self.unfinished)",
                [current.kind.rawValue, current.platformId], Job.init(row:))
            {
                return other
            }
            try db.run(
                """
                UPDATE jobs SET state = 'waiting', attempts = 0, stalls = 0, cancel_requested = 0, run_at = ?,
                                trigger = 'retry', finished_at = NULL, updated_at = ?
                WHERE id = ?
                """, [now, now, jobId])
            return try job(id: jobId)
        }
    }

    public func pause() throws { try SettingsStore(db: db).set(SettingKey.queuePaused, "true", nowMs: clock.nowMs) }

    public func resume() throws { try SettingsStore(db: db).set(SettingKey.queuePaused, "false", nowMs: clock.nowMs) }

    public func isPaused() throws -> Bool { try SettingsStore(db: db).bool(SettingKey.queuePaused) ?? false }

    // MARK: - Housekeeping

    /// Returns active jobs whose lease expired (their worker died) to waiting, to resume from their checkpoint;
    /// a job that has stalled more than `max_attempts` times fails instead. Returns the ids it touched.
    @discardableResult
    public func recoverStalled() throws -> [Int64] {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            let stalled = try db.all(
                "SELECT \(Job.columns) FROM jobs WHERE state = 'active' AND locked_until < ?", [now], Job.init(row:))
            for job in stalled {
                let stalls = job.stalls + 1
                if stalls > job.maxAttempts {
                    try db.run("UPDATE jobs SET stalls = ? WHERE id = ?", [stalls, job.id])
                    try finish(
                        job.id, state: .failed,
                        error: "stalled \(stalls) times: its worker stopped without finishing each time", now: now)
                } else {
                    try db.run(
                        """
                        UPDATE jobs SET state = 'waiting', stalls = ?, attempts = max(attempts - 1, 0),
                                        locked_by = NULL, locked_until = NULL, run_at = ?, updated_at = ?
                        WHERE id = ?
                        """, [stalls, now, now, job.id])
                }
            }
            return stalled.map(\.id)
        }
    }

    /// Deletes finished jobs and sync runs past their retention, and start records older than the rate window.
    @discardableResult
    public func prune() throws -> (jobs: Int, syncRuns: Int) {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            try db.run(
                "DELETE FROM jobs WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < ?",
                [now - policy.finishedJobRetentionMs])
            let jobs = db.changes
            try db.run(
                "DELETE FROM sync_runs WHERE started_at < ? AND status <> 'running'", [now - policy.syncRunRetentionMs])
            let runs = db.changes
            try db.run("DELETE FROM job_starts WHERE at <= ?", [now - StartRateLimit.windowMs])
            return (jobs, runs)
        }
    }

    // MARK: - Reading

    public func job(id: Int64) throws -> Job? {
        try db.first("SELECT \(Job.columns) FROM jobs WHERE id = ?", [id], Job.init(row:))
    }

    /// Jobs, newest first, optionally in one state.
    public func jobs(state: JobState? = nil, limit: Int = 200) throws -> [Job] {
        if let state {
            return try db.all(
                "SELECT \(Job.columns) FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ?", [state.rawValue, limit],
                Job.init(row:))
        }
        return try db.all("SELECT \(Job.columns) FROM jobs ORDER BY id DESC LIMIT ?", [limit], Job.init(row:))
    }

    public func status() throws -> QueueStatus {
        let now = clock.nowMs
        return try db.transaction {
            var counts: [JobState: Int] = [:]
            try db.cached("SELECT state, count(*) FROM jobs GROUP BY state").forEach { row in
                if let state = JobState(rawValue: row.text(0)) { counts[state] = row.int(1) }
            }
            let allowedAt = try nextStartAllowedMs(now: now)
            return QueueStatus(
                counts: counts, paused: try isPaused(), rateLimitedUntilMs: allowedAt > now ? allowedAt : nil)
        }
    }
}
