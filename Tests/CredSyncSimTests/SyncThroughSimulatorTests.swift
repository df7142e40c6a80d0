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

    @Test func malformedAndTruncatedPagesFailTheAttemptWithTheFirstBytesQuoted() throws {
        simulator.inject(.malformedJSON, platform: "nsqf", times: nil)
        var result = try sync()
        guard case .retry(_, let error) = result.outcome else {
            Issue.record("expected a retry, got \(result.outcome)")
            return
        }
        #expect(error.contains("JSON"))
        simulator.clearFaults(platform: "nsqf")
        simulator.inject(.truncate(afterBytes: 100), platform: "nsqf", times: nil)
        result = try sync()
        guard case .retry = result.outcome else {
            Issue.record("a truncated body must not pass as a short page: \(result.outcome)")
            return
        }
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
