import CredSyncTestSupport
import Foundation
import Synchronization
import Testing

@testable import CredSyncCore

/// The engine with real worker threads and the scripted handler. Time is the system clock here: the waits are
/// bounded polls for outcomes, never fixed sleeps.
@Suite struct EngineTests {
    let directory = TemporaryDirectory("credsync-engine")
    var path: String { directory.file("engine.db") }

    private func makeEngine(concurrency: Int = 2, leaseMs: Int64 = 2_000, identity: EngineIdentity = .current())
        -> Engine
    {
        let policy = QueuePolicy(
            maxAttempts: 3, backoff: Backoff(baseSeconds: 1), startRate: StartRateLimit(perMinute: 1_000),
            jobLeaseMs: leaseMs)
        return Engine(
            configuration: Engine.Configuration(
                databasePath: path, concurrency: concurrency, queuePolicy: policy, engineLeaseMs: leaseMs,
                housekeepingIntervalMs: 100, idlePollMs: 50),
            handlers: [ScriptedJobHandler(clock: SystemClock())], identity: identity)
    }

    private func enqueueScript(_ db: Connection, platform: Int64?, _ script: ScriptedJobHandler.Script) throws -> Int64
    {
        try JobQueue(db: db, clock: SystemClock()).enqueue(
            kind: ScriptedJobHandler.kindName, platformId: platform, trigger: .manual, payload: script.json
        ).job.id
    }

    private func platform(_ db: Connection, _ name: String) throws -> Int64 {
        try db.run(
            "INSERT INTO platforms (name, display_name, adapter, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)",
            [name, name])
        return db.lastInsertRowID
    }

    private func steps(_ db: Connection, job: Int64) throws -> [Int] {
        try db.all("SELECT json_extract(details, '$.step') FROM audit_log WHERE target = ? ORDER BY id", ["job:\(job)"])
        {
            $0.int(0)
        }
    }

    @Test func aShutDownEngineDoesNotStartAgain() throws {
        let engine = makeEngine()
        #expect(try engine.start() == .engine)
        #expect(engine.isRunning)
        engine.shutdown()
        #expect(!engine.isRunning)
        #expect(throws: EngineLifecycle.ShutDown.self) { try engine.start() }
        // A daemon waiting for the lease gives up once shut down.
        #expect(try engine.startWhenLeaseFree() == false)
        #expect(try EngineLeaseStore(db: try Database.open(path: path), clock: SystemClock()).current() == nil)
    }

    @Test func anIdleEngineWritesNothingBetweenLeaseRenewals() throws {
        let passes = Mutex(0)
        let engine = Engine(
            configuration: Engine.Configuration(
                databasePath: path, concurrency: 2, engineLeaseMs: 30_000, housekeepingIntervalMs: 50, idlePollMs: 50),
            handlers: [ScriptedJobHandler(clock: SystemClock())],
            heartbeat: { beat in if case .running = beat { passes.withLock { $0 += 1 } } })
        #expect(try engine.start() == .engine)
        defer { engine.shutdown() }
        #expect(eventually { passes.withLock { $0 } >= 2 })
        let observer = try Database.open(path: path)
        let version = try observer.dataVersion()
        let lease = try EngineLeaseStore(db: observer, clock: SystemClock()).current()
        let seen = passes.withLock { $0 }
        #expect(eventually { passes.withLock { $0 } >= seen + 6 })
        // Each write would wake every dashboard watching the database: none while nothing happens.
        #expect(try observer.dataVersion() == version)
        #expect(try EngineLeaseStore(db: observer, clock: SystemClock()).current() == lease)
    }

    @Test func workersRunJobsToTheirOutcomes() throws {
        let db = try Database.open(path: path)
        let ok = try enqueueScript(db, platform: try platform(db, "a"), .init(steps: 3, outcomes: ["succeeded"]))
        let flaky = try enqueueScript(
            db, platform: try platform(db, "b"), .init(steps: 1, outcomes: ["retry", "succeeded"]))
        let broken = try enqueueScript(db, platform: try platform(db, "c"), .init(steps: 0, outcomes: ["failed"]))
        let engine = makeEngine()
        #expect(try engine.start() == .engine)
        defer { engine.shutdown() }
        let queue = JobQueue(db: db, clock: SystemClock())
        #expect(try eventually { try [ok, flaky, broken].allSatisfy { try queue.job(id: $0)?.isFinished == true } })
        #expect(try queue.job(id: ok)?.state == .completed)
        #expect(try steps(db, job: ok) == [1, 2, 3])
        let flakyJob = try queue.job(id: flaky)!
        #expect(flakyJob.state == .completed)
        #expect(flakyJob.attempts == 2)
        // The retried attempt resumed from its checkpoint: step 1 was committed once.
        #expect(try steps(db, job: flaky) == [1])
        #expect(try queue.job(id: broken)?.state == .failed)
    }

    @Test func jobLinesNameTheJobItsPlatformAndItsRunForStructuredLogs() throws {
        let db = try Database.open(path: path)
        let platformId = try platform(db, "nsqf")
        let id = try enqueueScript(db, platform: platformId, .init(steps: 1, outcomes: ["succeeded"]))
        try db.run(
            """
            INSERT INTO sync_runs (platform_id, job_id, trigger, status, started_at)
            VALUES (?, ?, 'manual', 'running', 0)
            """, [platformId, id])
        let runId = db.lastInsertRowID
        let lines = LockedLines()
        let policy = QueuePolicy(startRate: StartRateLimit(perMinute: 1_000))
        let engine = Engine(
            configuration: Engine.Configuration(
                databasePath: path, concurrency: 1, queuePolicy: policy, housekeepingIntervalMs: 100, idlePollMs: 50),
            handlers: [ScriptedJobHandler(clock: SystemClock())],
            log: EngineLog(withFields: { _, message, fields in lines.append(message, fields) }))
        #expect(try engine.start() == .engine)
        defer { engine.shutdown() }
        #expect(try eventually { try JobQueue(db: db, clock: SystemClock()).job(id: id)?.isFinished == true })
        #expect(eventually { lines.all.contains { $0.message.hasPrefix("job \(id) (script) completed") } })
        let finished = try #require(lines.all.first { $0.message.hasPrefix("job \(id) (script) completed") })
        #expect(finished.fields == ["job": "\(id)", "platform": "nsqf", "run": "\(runId)"])
    }

    @Test func aSecondEngineOnTheSameDatabaseIsAViewer() throws {
        let first = makeEngine()
        #expect(try first.start() == .engine)
        let second = makeEngine()
        guard case .viewer(let lease) = try second.start() else {
            Issue.record("the second engine should be a viewer")
            return
        }
        #expect(lease.holder == first.identity.holder)
        first.shutdown()
        #expect(try second.start() == .engine)
        second.shutdown()
    }

    @Test func cancellingAnActiveJobStopsItAtAPageBoundaryKeepingCommittedSteps() throws {
        let db = try Database.open(path: path)
        let id = try enqueueScript(db, platform: nil, .init(steps: 1_000, stepMs: 20))
        let engine = makeEngine()
        _ = try engine.start()
        defer { engine.shutdown() }
        let queue = JobQueue(db: db, clock: SystemClock())
        #expect(try eventually { try steps(db, job: id).count >= 3 })
        #expect(try queue.cancel(jobId: id) == .requested)
        #expect(try eventually { try queue.job(id: id)?.state == .cancelled })
        let committed = try steps(db, job: id)
        #expect(committed.count < 1_000)
        #expect(committed == Array(1...committed.count))
        #expect(try queue.job(id: id)?.checkpoint == String(committed.count))
    }

    @Test func gracefulShutdownHandsActiveJobsBackAndANewEngineFinishesThemExactlyOnce() throws {
        let db = try Database.open(path: path)
        let id = try enqueueScript(db, platform: nil, .init(steps: 40, stepMs: 10))
        let first = makeEngine()
        _ = try first.start()
        #expect(try eventually { try steps(db, job: id).count >= 5 })
        let started = Date()
        #expect(first.shutdown())
        #expect(Date().timeIntervalSince(started) < 5)
        let queue = JobQueue(db: db, clock: SystemClock())
        let handedBack = try queue.job(id: id)!
        #expect(handedBack.state == .waiting)
        #expect(handedBack.attempts == 0)
        #expect(try EngineLeaseStore(db: db, clock: SystemClock()).current() == nil)

        let second = makeEngine()
        #expect(try second.start() == .engine)
        defer { second.shutdown() }
        #expect(try eventually { try queue.job(id: id)?.state == .completed })
        #expect(try steps(db, job: id) == Array(1...40))
    }
}

/// Log lines with their fields, collected from any thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(message: String, fields: [String: String])] = []

    func append(_ message: String, _ fields: [String: String]) { lock.withLock { lines.append((message, fields)) } }

    var all: [(message: String, fields: [String: String])] { lock.withLock { lines } }
}
