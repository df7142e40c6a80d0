import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

@Suite struct JobQueueTests {
    let fixture: TestDatabase
    let queue: JobQueue

    init() throws {
        fixture = try TestDatabase()
        queue = JobQueue(
            db: fixture.db, clock: fixture.clock,
            policy: QueuePolicy(
                maxAttempts: 3, backoff: Backoff(baseSeconds: 30, jitterFraction: 0.2),
                startRate: StartRateLimit(perMinute: 10), jobLeaseMs: 30_000),
            unitRandom: { 0.5 })
    }

    private func claimed(_ result: ClaimResult) throws -> Job {
        guard case .claimed(let job) = result else {
            Issue.record("expected a claimed job, got \(result)")
            throw QueueError.leaseLost(jobId: -1)
        }
        return job
    }

    // MARK: - Enqueue

    @Test func enqueueDedupesOneUnfinishedJobPerKindAndPlatform() throws {
        let platform = try fixture.insertPlatform(name: "nsqf")
        let first = try queue.enqueue(kind: .sync, platformId: platform, trigger: .schedule)
        let second = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual)
        #expect(first.created)
        #expect(!second.created)
        #expect(second.job.id == first.job.id)
        let otherKind = try queue.enqueue(kind: .tokenRefresh, platformId: platform, trigger: .manual)
        #expect(otherKind.created)
        let global = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .schedule)
        let globalAgain = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .schedule)
        #expect(global.created && !globalAgain.created)
        #expect(try fixture.db.first("SELECT count(*) FROM jobs") { $0.int(0) } == 3)
    }

    @Test func aFinishedJobDoesNotBlockANewOne() throws {
        let platform = try fixture.insertPlatform(name: "nsqf")
        let first = try queue.enqueue(kind: .sync, platformId: platform, trigger: .schedule).job
        let job = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        try queue.complete(jobId: job.id, holder: "w", outcome: .succeeded)
        let next = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual)
        #expect(next.created)
        #expect(next.job.id != first.id)
    }

    @Test func aMoreUrgentDuplicateMovesTheWaitingJobUp() throws {
        let platform = try fixture.insertPlatform(name: "nsqf")
        let later = fixture.clock.nowMs + 600_000
        let scheduled = try queue.enqueue(kind: .sync, platformId: platform, trigger: .schedule, runAtMs: later).job
        #expect(scheduled.state == .delayed)
        let manual = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual, priority: 0)
        #expect(!manual.created)
        let stored = try queue.job(id: scheduled.id)!
        #expect(stored.runAt == fixture.clock.nowMs)
        #expect(stored.priority == 0)
    }

    // MARK: - Claim

    @Test func claimTakesByPriorityThenRunAtAndCountsAnAttempt() throws {
        let a = try fixture.insertPlatform(name: "a")
        let b = try fixture.insertPlatform(name: "b")
        let c = try fixture.insertPlatform(name: "c")
        let now = fixture.clock.nowMs
        try queue.enqueue(kind: .sync, platformId: a, trigger: .schedule, priority: 10, runAtMs: now - 2_000)
        try queue.enqueue(kind: .sync, platformId: b, trigger: .manual, priority: 0, runAtMs: now - 1_000)
        try queue.enqueue(kind: .sync, platformId: c, trigger: .schedule, priority: 10, runAtMs: now - 3_000)
        let order = try (0..<3).map { _ in try claimed(try queue.claim(holder: "w", kinds: [.sync])).platformId }
        #expect(order == [b, c, a])
        let job = try queue.jobs(state: .active).first!
        #expect(job.attempts == 1)
        #expect(job.lockedBy == "w")
        #expect(job.lockedUntil == now + 30_000)
        #expect(try queue.claim(holder: "w", kinds: [.sync]) == .idle(nextRunAtMs: nil))
    }

    @Test func aDelayedJobIsNotClaimedBeforeItsTime() throws {
        let platform = try fixture.insertPlatform(name: "a")
        let runAt = fixture.clock.nowMs + 5_000
        try queue.enqueue(kind: .sync, platformId: platform, trigger: .schedule, runAtMs: runAt)
        #expect(try queue.claim(holder: "w", kinds: [.sync]) == .idle(nextRunAtMs: runAt))
        fixture.clock.advance(byMs: 5_000)
        #expect(try claimed(try queue.claim(holder: "w", kinds: [.sync])).platformId == platform)
    }

    @Test func claimOnlyTakesKindsTheWorkerHandles() throws {
        try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .schedule)
        #expect(try queue.claim(holder: "w", kinds: [.sync]) == .idle(nextRunAtMs: nil))
        #expect(try claimed(try queue.claim(holder: "w", kinds: [.tokenRefresh])).kind == .tokenRefresh)
    }

    @Test func twoConnectionsNeverClaimTheSameJob() throws {
        let other = JobQueue(db: try fixture.openAnother(), clock: fixture.clock)
        for index in 0..<20 {
            try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "p\(index)"), trigger: .manual)
        }
        var claimedIds: [Int64] = []
        // Alternate the two connections as two processes would interleave.
        for turn in 0..<20 {
            let result = try (turn.isMultiple(of: 2) ? queue : other).claim(holder: "w\(turn % 2)", kinds: [.sync])
            if case .claimed(let job) = result { claimedIds.append(job.id) }
            if turn == 9 { fixture.clock.advance(byMs: 60_000) }  // stay inside the start-rate limit
        }
        #expect(claimedIds.count == 20)
        #expect(Set(claimedIds).count == 20)
    }

    // MARK: - Outcomes, attempts and backoff

    @Test func retriesFollowTheBackoffScheduleThenFail() throws {
        let platform = try fixture.insertPlatform(name: "a")
        let id = try queue.enqueue(kind: .sync, platformId: platform, trigger: .schedule).job.id
        var delays: [Int64] = []
        for attempt in 1...3 {
            let job = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
            #expect(job.attempts == attempt)
            let after = try queue.complete(jobId: id, holder: "w", outcome: .retry(afterMs: nil, error: "HTTP 503"))!
            if attempt < 3 {
                #expect(after.state == .delayed)
                #expect(after.lastError == "HTTP 503")
                delays.append(after.runAt - fixture.clock.nowMs)
                fixture.clock.set(nowMs: after.runAt)
            } else {
                #expect(after.state == .failed)
                #expect(after.lastError == "HTTP 503 (gave up after 3 attempts)")
                #expect(after.finishedAt == fixture.clock.nowMs)
            }
        }
        // base 30 s × 2^(attempt−1), jitter neutral at 0.5
        #expect(delays == [30_000, 60_000])
    }

    @Test func retryAfterOverridesTheBackoff() throws {
        let id = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        let after = try queue.complete(jobId: id, holder: "w", outcome: .retry(afterMs: 120_000, error: "429"))!
        #expect(after.runAt == fixture.clock.nowMs + 120_000)
    }

    @Test func aDelayedOutcomeWaitsUntilTheTimeAskedWithoutSpendingAnAttempt() throws {
        let id = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        // Even on the last attempt a delay is not a failure: the attempt is given back each time.
        for _ in 1...4 {
            let job = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
            #expect(job.attempts == 1)
            let untilMs = fixture.clock.nowMs + 3_600_000
            let after = try #require(
                try queue.complete(
                    jobId: id, holder: "w",
                    outcome: .delayed(untilMs: untilMs, reason: "waiting for a's Retry-After, 1h")))
            #expect(after.state == .delayed)
            #expect(after.runAt == untilMs)
            #expect(after.attempts == 0)
            #expect(after.lockedBy == nil)
            #expect(after.lastError == "waiting for a's Retry-After, 1h")
            #expect(try queue.claim(holder: "w", kinds: [.sync]) == .idle(nextRunAtMs: untilMs))
            fixture.clock.set(nowMs: untilMs)
        }
    }

    @Test func failedAndCancelledOutcomesAreFinal() throws {
        let a = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        let b = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "b"), trigger: .manual).job
            .id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        #expect(
            try queue.complete(jobId: a, holder: "w", outcome: .failed(error: "401 after refresh"))?.state == .failed)
        #expect(try queue.complete(jobId: b, holder: "w", outcome: .cancelled)?.state == .cancelled)
        #expect(try queue.job(id: a)?.lastError == "401 after refresh")
    }

    @Test func anOutcomeFromAWorkerThatLostTheJobChangesNothing() throws {
        let id = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        _ = try claimed(try queue.claim(holder: "w1", kinds: [.sync]))
        #expect(try queue.complete(jobId: id, holder: "w2", outcome: .succeeded) == nil)
        #expect(try queue.job(id: id)?.state == .active)
        #expect(throws: QueueError.leaseLost(jobId: id)) {
            try queue.saveProgress(jobId: id, holder: "w2", done: 1, total: 2, checkpoint: "x")
        }
    }

    @Test func completeAndClaimFinishesOneJobAndTakesTheNextTogether() throws {
        let first = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual)
            .job.id
        let second = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "b"), trigger: .manual)
            .job.id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        let (finished, next) = try queue.completeAndClaim(
            jobId: first, holder: "w", outcome: .succeeded, kinds: [.sync])
        #expect(finished?.state == .completed)
        #expect(try claimed(next).id == second)
        #expect(try queue.job(id: second)?.state == .active)
        let (_, none) = try queue.completeAndClaim(jobId: second, holder: "w", outcome: .succeeded, kinds: [.sync])
        #expect(none == .idle(nextRunAtMs: nil))
    }

    // MARK: - Backoff function

    @Test func backoffIsExponentialWithBoundedJitterAndACap() {
        let backoff = Backoff(baseSeconds: 30, jitterFraction: 0.2, capSeconds: 3_600)
        #expect(backoff.delayMs(afterAttempt: 1, unitRandom: 0.5) == 30_000)
        #expect(backoff.delayMs(afterAttempt: 2, unitRandom: 0.5) == 60_000)
        #expect(backoff.delayMs(afterAttempt: 3, unitRandom: 0.5) == 120_000)
        #expect(backoff.delayMs(afterAttempt: 1, unitRandom: 0) == 24_000)
        #expect(backoff.delayMs(afterAttempt: 1, unitRandom: 0.999_999) == 36_000)
        #expect(backoff.delayMs(afterAttempt: 40, unitRandom: 0.5) == 3_600_000)
    }

    // MARK: - Rate limit

    @Test func startRateLimitHoldsTheEleventhStartAndSaysWhen() throws {
        let start = fixture.clock.nowMs
        for index in 0..<11 {
            try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "p\(index)"), trigger: .manual)
        }
        for _ in 0..<10 {
            _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
            fixture.clock.advance(byMs: 1_000)
        }
        #expect(try queue.claim(holder: "w", kinds: [.sync]) == .rateLimited(untilMs: start + 60_000))
        #expect(try queue.status().rateLimitedUntilMs == start + 60_000)
        fixture.clock.set(nowMs: start + 60_000)
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
    }

    @Test func startRateLimitArithmetic() {
        let limit = StartRateLimit(perMinute: 2)
        #expect(limit.nextStartMs(recentStartsMs: [], nowMs: 100_000) == 100_000)
        #expect(limit.nextStartMs(recentStartsMs: [90_000], nowMs: 100_000) == 100_000)
        #expect(limit.nextStartMs(recentStartsMs: [50_000, 90_000], nowMs: 100_000) == 110_000)
        #expect(limit.nextStartMs(recentStartsMs: [30_000, 50_000, 90_000], nowMs: 100_000) == 110_000)
    }

    // MARK: - Pause, cancel, retry

    @Test func pausedQueueStartsNothingUntilResumed() throws {
        try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual)
        try queue.pause()
        #expect(try queue.claim(holder: "w", kinds: [.sync]) == .paused)
        #expect(try queue.status().paused)
        try queue.resume()
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
    }

    @Test func cancelStopsWaitingJobsAtOnceAndAsksActiveOnes() throws {
        let waiting = try queue.enqueue(
            kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual
        ).job.id
        #expect(try queue.cancel(jobId: waiting) == .cancelled)
        #expect(try queue.job(id: waiting)?.state == .cancelled)
        #expect(try queue.cancel(jobId: waiting) == .alreadyFinished(.cancelled))
        #expect(try queue.cancel(jobId: 999) == .notFound)

        let active = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "b"), trigger: .manual)
            .job.id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        #expect(try queue.cancel(jobId: active) == .requested)
        #expect(try queue.renewLease(jobId: active, holder: "w") == .renewed(cancelRequested: true))
        #expect(try queue.job(id: active)?.state == .active)
    }

    @Test func retryPutsAFailedJobBackWithFreshAttempts() throws {
        let platform = try fixture.insertPlatform(name: "a")
        let id = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job.id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        try queue.complete(jobId: id, holder: "w", outcome: .failed(error: "boom"))
        let retried = try queue.retry(jobId: id)!
        #expect(retried.id == id)
        #expect(retried.state == .waiting)
        #expect(retried.attempts == 0)
        #expect(retried.trigger == .retry)
    }

    // MARK: - Stalls, shutdown hand-back, retention

    @Test func stalledJobsGoBackToWaitingWithTheirCheckpointAndFailAfterTooManyStalls() throws {
        let id = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        for stall in 1...3 {
            _ = try claimed(try queue.claim(holder: "dead", kinds: [.sync]))
            try queue.saveProgress(jobId: id, holder: "dead", done: stall * 10, total: 100, checkpoint: "page=\(stall)")
            #expect(try queue.recoverStalled() == [])  // lease still valid
            fixture.clock.advance(byMs: 30_001)
            #expect(try queue.recoverStalled() == [id])
            let job = try queue.job(id: id)!
            #expect(job.state == .waiting)
            #expect(job.stalls == stall)
            #expect(job.attempts == 0)
            #expect(job.checkpoint == "page=\(stall)")
            fixture.clock.advance(byMs: 60_000)
        }
        _ = try claimed(try queue.claim(holder: "dead", kinds: [.sync]))
        fixture.clock.advance(byMs: 30_001)
        try queue.recoverStalled()
        let failed = try queue.job(id: id)!
        #expect(failed.state == .failed)
        #expect(failed.lastError?.contains("stalled 4 times") == true)
    }

    @Test func releaseHandsTheJobBackWithoutSpendingTheAttempt() throws {
        let id = try queue.enqueue(kind: .sync, platformId: try fixture.insertPlatform(name: "a"), trigger: .manual).job
            .id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        try queue.release(jobId: id, holder: "w")
        let job = try queue.job(id: id)!
        #expect(job.state == .waiting)
        #expect(job.attempts == 0)
        #expect(job.lockedBy == nil)
    }

    @Test func pruneDeletesOnlyFinishedJobsAndRunsPastRetention() throws {
        let platform = try fixture.insertPlatform(name: "a")
        let old = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job.id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        try queue.complete(jobId: old, holder: "w", outcome: .succeeded)
        try fixture.db.run(
            "INSERT INTO sync_runs (platform_id, trigger, status, started_at) VALUES (?, 'schedule', 'succeeded', ?)",
            [platform, fixture.clock.nowMs])
        fixture.clock.advance(byMs: 8 * 86_400_000)
        let recent = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job.id
        _ = try claimed(try queue.claim(holder: "w", kinds: [.sync]))
        try queue.complete(jobId: recent, holder: "w", outcome: .succeeded)
        let waiting = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job.id

        var pruned = try queue.prune()
        #expect(pruned.jobs == 1 && pruned.syncRuns == 0)
        #expect(try queue.job(id: old) == nil)
        #expect(try queue.job(id: recent) != nil)
        #expect(try queue.job(id: waiting) != nil)
        fixture.clock.advance(byMs: 90 * 86_400_000)
        pruned = try queue.prune()
        #expect(pruned.syncRuns == 1)
        #expect(try queue.job(id: waiting) != nil)
    }
}
