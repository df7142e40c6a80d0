import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// The whole pipeline — session, adapter, writer — against the simulator: incremental updates and every fault
/// ending in its documented outcome.
@Suite struct SyncThroughSimulatorTests {
    let fixture: TestDatabase
    let simulator: PlatformSimulator
    let box: SecretBox
    let platform: Platform
    let queue: JobQueue

    init() throws {
        fixture = try TestDatabase()
        simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 600, seed: 3, pageSizeCap: 100)])
        try simulator.start()
        box = SecretBox(currentKey: try KeyStore.generate())
        var definition = simulator.definition(for: "nsqf")
        definition.config["pageSize"] = .integer(100)
        definition.config["timeoutSeconds"] = .integer(1)
        let secrets = simulator.secrets(for: "nsqf")
        var platformSecrets = PlatformSecrets()
        platformSecrets.clientId = secrets["clientId"]?.stringValue
        platformSecrets.clientSecret = secrets["clientSecret"]?.stringValue
        platform = try PlatformStore(db: fixture.db, clock: fixture.clock).add(definition, secrets: platformSecrets, box: box)
        queue = JobQueue(db: fixture.db, clock: fixture.clock, policy: QueuePolicy(startRate: nil), unitRandom: { 0.5 })
    }

    private func handler() -> SyncJobHandler {
        SyncJobHandler(
            policy: SyncPolicy(
                batchSize: 40, httpRetry: HTTPRetryPolicy(maxRetries: 2, baseMs: 1, capMs: 5),
                httpOptions: HTTPClient.Options(connectTimeoutMs: 1_000, timeoutMs: 1_000)),
            clock: fixture.clock, secretBox: box, sleep: { _ in })
    }

    @discardableResult
    private func sync(full: Bool = false) throws -> (outcome: JobOutcome, run: SyncRun) {
        try queue.enqueue(kind: .sync, platformId: platform.id, trigger: .manual, payload: SyncJobHandler.Request(full: full).json)
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else { throw QueueError.leaseLost(jobId: -1) }
        let outcome = try handler().perform(JobContext.standalone(job: job, holder: "w", queue: queue))
        try queue.complete(jobId: job.id, holder: "w", outcome: outcome)
        if case .retry = outcome {
            // Leave nothing waiting for the next test step.
            _ = try queue.cancel(jobId: job.id)
        }
        return (outcome, try SyncRunStore(db: fixture.db, clock: fixture.clock).runs(limit: 1)[0])
    }

    /// Runs one attempt of the platform's sync job as a worker does — claim, perform, record the outcome — and
    /// returns the job as the queue then holds it. `checkpoint` is set on the job before it is claimed.
    private func attempt(checkpoint: SyncCheckpoint? = nil, options: HTTPClient.Options? = nil) throws -> Job {
        let (enqueued, _) = try queue.enqueue(kind: .sync, platformId: platform.id, trigger: .manual)
        if let checkpoint {
            try fixture.db.run("UPDATE jobs SET checkpoint = ? WHERE id = ?", [checkpoint.encoded, enqueued.id])
        }
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else {
            throw QueueError.leaseLost(jobId: enqueued.id)
        }
        var handler = handler()
        if let options {
            var policy = handler.policy
            policy.httpOptions = options
            handler = SyncJobHandler(policy: policy, clock: fixture.clock, secretBox: box, sleep: { _ in })
        }
        let outcome = try handler.perform(JobContext.standalone(job: job, holder: "w", queue: queue))
        return try #require(try queue.complete(jobId: job.id, holder: "w", outcome: outcome))
    }

    private func consecutiveFailures() throws -> Int {
        try fixture.db.first("SELECT consecutive_failures FROM platforms WHERE id = ?", [platform.id]) { $0.int(0) } ?? -1
    }

    private func updatedAt() throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        try fixture.db.cached("SELECT external_id, updated_at FROM external_credentials").forEach {
            result[$0.text(0)] = $0.int64(1)
        }
        return result
    }

    @Test func anIncrementalSyncUpdatesExactlyTheChangedRows() throws {
        let first = try sync()
        #expect(first.outcome == .succeeded)
        #expect(first.run.created > 500)
        let before = try updatedAt()
        fixture.clock.advance(byMs: 3_600_000)
        let changed = simulator.update(platform: "nsqf", count: 7)
        #expect(changed.count == 7)
        let second = try sync()
        #expect(second.outcome == .succeeded)
        #expect(second.run.created == 0)
        #expect(second.run.updated == 7)
        let after = try updatedAt()
        let touched = Set(after.filter { before[$0.key] != $0.value }.keys)
        #expect(touched == Set(changed))
        #expect(second.run.fetched < first.run.fetched)
    }

    @Test func serverErrorsAndRateLimitsAreRetriedWithinThePage() throws {
        simulator.inject(.status(503), platform: "nsqf", times: 1)
        simulator.inject(.status(429, retryAfter: "1"), platform: "nsqf", times: 1)
        let result = try sync()
        #expect(result.outcome == .succeeded)
        #expect(result.run.status != .failed)
    }

    @Test func aPersistentServerErrorFailsTheAttemptForTheQueueToRetry() throws {
        simulator.inject(.status(500), platform: "nsqf", times: nil)
        let result = try sync()
        guard case .retry(_, let error) = result.outcome else {
            Issue.record("expected a retry, got \(result.outcome)")
            return
        }
        #expect(error.contains("500"))
        #expect(result.run.status == .failed)
        #expect(result.run.error?.contains("500") == true)
    }

    @Test func aTruncatedPageFailsTheAttemptForTheQueueToRetry() throws {
        simulator.inject(.truncate(afterBytes: 100), platform: "nsqf", times: nil)
        let result = try sync()
        guard case .retry = result.outcome else {
            Issue.record("a truncated body must not pass as a short page: \(result.outcome)")
            return
        }
    }

    // MARK: - Outcomes, as the queue records them

    @Test func aRetryAfterBeyondTheInPageBudgetDelaysTheJobWithoutSpendingAnAttempt() throws {
        simulator.inject(.status(429, retryAfter: "3600"), platform: "nsqf", times: nil)
        let now = fixture.clock.nowMs
        let job = try attempt()
        #expect(job.state == .delayed)
        #expect(job.attempts == 0)
        #expect(job.runAt == now + 3_600_000)
        #expect(job.lastError?.contains("waiting for nsqf's Retry-After, 1h") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("HTTP 429") == true)
        #expect(try consecutiveFailures() == 0)
        // The session did not sleep through the wait nor ask again: one token request, one page request.
        #expect(simulator.counters(platform: "nsqf").requests == 2)
    }

    @Test func aRetryAfterBeyondTheMaximumDelayFailsTheJob() throws {
        simulator.inject(.status(429, retryAfter: "\(30 * 86_400)"), platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("30d") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("7d") == true, "\(job.lastError ?? "")")
    }

    @Test func aServiceUnavailablePageStillRetriesWithBackoff() throws {
        simulator.inject(.status(503), platform: "nsqf", times: nil)
        let now = fixture.clock.nowMs
        let job = try attempt()
        #expect(job.state == .delayed)
        #expect(job.attempts == 1)
        #expect(job.runAt == now + 30_000)
        #expect(job.lastError?.contains("HTTP 503") == true, "\(job.lastError ?? "")")
    }

    @Test func aPageThatIsNotJSONFailsTheJobAtOnceWithItsFirstBytes() throws {
        simulator.inject(.malformedJSON, platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("not valid JSON") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("): `{\"data\":[{") == true, "\(job.lastError ?? "")")
        #expect(try consecutiveFailures() == 1)
    }

    @Test func anHTMLPageFailsTheJobAtOnceAndPointsAtTheAPIURL() throws {
        simulator.inject(.htmlPage(), platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("HTML") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("api_base_url") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("<!DOCTYPE html>") == true, "\(job.lastError ?? "")")
    }

    @Test func anInvalidCursorFailsTheJobAtOnceAndSaysToRunAFullSync() throws {
        var checkpoint = SyncCheckpoint(runId: 0, sinceMs: nil)
        checkpoint.cursor = "eyJvZmZzZXQiOjEyMH0"
        let job = try attempt(checkpoint: checkpoint)
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("credsync sync nsqf --full") == true, "\(job.lastError ?? "")")
    }

    @Test func aRedirectToAnotherSchemeFailsTheJobAtOnce() throws {
        simulator.inject(.redirect(location: "ftp://files.example.org/certificates"), platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("redirect") == true, "\(job.lastError ?? "")")
    }

    @Test func anOversizedPageFailsTheJobAtOnce() throws {
        let job = try attempt(
            options: HTTPClient.Options(connectTimeoutMs: 1_000, timeoutMs: 1_000, maxResponseBytes: 4_096))
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("more than 4 KiB") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("pageSize") == true, "\(job.lastError ?? "")")
    }

    @Test func aPersistent401FailsTheJobAtOnceAfterOneTokenRefresh() throws {
        simulator.inject(.status(401), platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        // The first token, then the one refresh the 401 triggers.
        #expect(simulator.counters(platform: "nsqf").tokens == 2)
        #expect(job.lastError?.contains("HTTP 401") == true, "\(job.lastError ?? "")")
        #expect(
            job.lastError?.contains("'credsync platforms edit nsqf --secret-stdin'") == true, "\(job.lastError ?? "")")
    }

    @Test func aNotFoundPageFailsTheJobAtOnceWithItsHint() throws {
        simulator.inject(.status(404), platform: "nsqf", times: nil)
        let job = try attempt()
        #expect(job.state == .failed)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("HTTP 404") == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("api_base_url and api_version") == true, "\(job.lastError ?? "")")
    }

    @Test func anExpiredTokenIsRefreshedOnceMidRun() throws {
        simulator.expireTokens(platform: "nsqf")
        let first = try sync()
        #expect(first.outcome == .succeeded)
        let tokensBefore = simulator.counters(platform: "nsqf").tokens
        simulator.expireTokens(platform: "nsqf")
        let second = try sync(full: true)
        #expect(second.outcome == .succeeded)
        #expect(simulator.counters(platform: "nsqf").tokens == tokensBefore + 1)
    }

    @Test func wrongSecretsFailWithoutRetrying() throws {
        var secrets = PlatformSecrets()
        secrets.clientId = "nsqf-client"
        secrets.clientSecret = "not-the-secret"
        _ = try PlatformStore(db: fixture.db, clock: fixture.clock).update(platform, to: platform.definition, secrets: secrets, box: box)
        let result = try sync()
        guard case .failed(let error) = result.outcome else {
            Issue.record("expected a final failure, got \(result.outcome)")
            return
        }
        #expect(error.contains("401"))
        #expect(error.contains("credsync platforms edit nsqf"))
    }

    @Test func aRepeatingCursorStopsTheRun() throws {
        simulator.setRepeatingCursor(platform: "nsqf", on: true)
        let result = try sync()
        guard case .failed(let error) = result.outcome else {
            Issue.record("expected a final failure, got \(result.outcome)")
            return
        }
        #expect(error.contains("cursor"))
    }

    @Test func aHungPlatformTimesOutInsteadOfHanging() throws {
        simulator.inject(.hang, platform: "nsqf", times: nil)
        let started = Date()
        let result = try sync()
        guard case .retry(_, let error) = result.outcome else {
            Issue.record("expected a retry, got \(result.outcome)")
            return
        }
        #expect(error.contains("timed out"))
        #expect(Date().timeIntervalSince(started) < 15)
        simulator.clearFaults(platform: "nsqf")
    }
}

// MARK: - Page size across an edit

extension SyncThroughSimulatorTests {
    /// A page-number cursor names items only at the page size it was counted in: a run resumed after an edit of
    /// `pageSize` keeps the size it began with, so it neither skips nor repeats items.
    @Test func aResumedRunKeepsThePageSizeItBeganWithAfterAnEdit() throws {
        var checkpoint = SyncCheckpoint(runId: 0, sinceMs: nil)
        checkpoint.cursor = "3"
        checkpoint.pages = 2
        checkpoint.pageSize = 100
        var edited = platform.definition
        edited.config["pageSize"] = .integer(50)
        _ = try PlatformStore(db: fixture.db, clock: fixture.clock).update(platform, to: edited, secrets: nil, box: nil)
        let job = try attempt(checkpoint: checkpoint)
        #expect(job.state == .completed, "\(job.lastError ?? "")")
        let stored = Set(try fixture.db.all("SELECT external_id FROM external_credentials") { $0.text(0) })
        let skippedPages = Set((0..<200).map { simulator.credential(platform: "nsqf", index: $0).externalId })
        let rest = Set((200..<600).map { simulator.credential(platform: "nsqf", index: $0).externalId })
        // Pages 3–6 at 100 items are items 200–599 (the simulator repeats a few items across pages); at 50 a page,
        // page 3 would have been items 100–149 and the run would have fetched items 100–599.
        #expect(stored.count <= 420, "\(stored.count) stored: items before 200 were fetched again")
        #expect(stored.intersection(rest).count >= 380, "\(stored.intersection(rest).count) of items 200–599")
        #expect(stored.intersection(skippedPages).count <= 20)
    }
}
