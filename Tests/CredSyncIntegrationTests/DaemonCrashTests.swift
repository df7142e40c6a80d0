import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

/// A real `credsync daemon` syncing a slow simulated platform (400 valid, distinct credentials, 10 a page, 100 ms
/// between pages) is killed mid-job; a second daemon recovers the job after the leases expire and completes it
/// exactly once. Signals hand the job back (one) or exit at once (two).
@Suite(.serialized) struct DaemonCrashTests {
    static let credentials = 400
    let home = TemporaryDirectory("credsync-daemon")
    let simulator = PlatformSimulator(
        platforms: [
            SimulatedPlatform(
                name: "slow", contract: .genericRest, count: DaemonCrashTests.credentials, seed: 3, pageSizeCap: 10,
                mix: CredentialGenerator.Mix(invalidDateEvery: 0, duplicateEvery: 0), auth: SimulatedPlatform.Auth.none)
        ])
    var databasePath: String { home.file("crash.db") }

    init() throws {
        try simulator.start()
    }

    var environment: [String: String] {
        CredsyncProcess.environment(
            home: home.path,
            [
                "CREDSYNC_DB": databasePath, "ENGINE_LEASE_SECONDS": "2", "JOB_LEASE_SECONDS": "2",
                "SYNC_JOBS_PER_MINUTE": "1000", "SYNC_AUTO_START": "false", "SYNC_BATCH_SIZE": "5",
            ])
    }

    /// The simulated platform, stored as `platforms add` would (it needs no secrets), with a sync job enqueued.
    private func enqueueSync(_ db: Connection) throws -> Int64 {
        var definition = simulator.definition(for: "slow")
        definition.config["delayBetweenPages"] = .integer(100)
        try db.run(
            """
            INSERT INTO platforms (name, display_name, adapter, api_base_url, auth_type, config, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 0, 0)
            """,
            [
                definition.name, definition.displayName, definition.adapter, definition.apiBaseURL,
                definition.authType.rawValue, JSONValue.object(definition.config).serialized,
            ])
        return try JobQueue(db: db, clock: SystemClock()).enqueue(
            kind: .sync, platformId: db.lastInsertRowID, trigger: .manual
        ).job.id
    }

    private func stored(_ db: Connection) throws -> (rows: Int, distinct: Int) {
        try db.first("SELECT count(*), count(DISTINCT external_id) FROM external_credentials") {
            (rows: $0.int(0), distinct: $0.int(1))
        } ?? (0, 0)
    }

    @Test func aKilledEnginesJobIsRecoveredByTheNextAndCompletesExactlyOnce() throws {
        let db = try Database.open(path: databasePath)
        let id = try enqueueSync(db)
        let queue = JobQueue(db: db, clock: SystemClock())

        let first = CredsyncProcess(["daemon"], environment: environment)
        try first.start()
        #expect(try eventually(timeoutSeconds: 30) { try stored(db).rows >= 60 })
        first.signal(SIGKILL)
        _ = first.wait()
        let orphaned = try queue.job(id: id)!
        #expect(orphaned.state == .active)
        let committedBeforeKill = try stored(db).rows
        #expect(committedBeforeKill < Self.credentials)

        let second = CredsyncProcess(["daemon"], environment: environment)
        try second.start()
        #expect(try eventually(timeoutSeconds: 60) { try queue.job(id: id)?.state == .completed })
        second.signal(SIGTERM)
        let result = second.wait()
        #expect(result.status == 0)
        #expect(result.stderr.contains("recovered"))

        #expect(try stored(db) == (rows: Self.credentials, distinct: Self.credentials))
        let job = try queue.job(id: id)!
        #expect(job.stalls == 1)
        #expect(job.attempts == 1)
        // The resumed attempt continued the same run from its checkpoint: every credential created exactly once.
        let runs = try SyncRunStore(db: db, clock: SystemClock()).runs()
        #expect(runs.count == 1)
        #expect(runs.first?.status == .succeeded)
        #expect([runs.first?.fetched, runs.first?.created] == [Self.credentials, Self.credentials])
    }

    @Test func sigtermHandsTheActiveJobBackWithinFiveSeconds() throws {
        let db = try Database.open(path: databasePath)
        let id = try enqueueSync(db)
        let daemon = CredsyncProcess(["daemon"], environment: environment)
        try daemon.start()
        #expect(try eventually(timeoutSeconds: 30) { try stored(db).rows >= 30 })
        let signalled = Date()
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(Date().timeIntervalSince(signalled) < 5)
        #expect(result.status == 0)
        let job = try JobQueue(db: db, clock: SystemClock()).job(id: id)!
        #expect(job.state == .waiting)
        #expect(job.checkpoint != nil)
        // The progress saved with the checkpoint counts exactly the rows committed.
        #expect(job.progressDone == (try stored(db).rows))
        #expect(try stored(db).rows < Self.credentials)
        #expect(try EngineLeaseStore(db: db, clock: SystemClock()).current() == nil)
    }

    @Test func aSecondSignalExitsAtOnce() throws {
        let db = try Database.open(path: databasePath)
        // Every page takes 10 s to arrive: the job is stuck in a request when the signals come.
        simulator.inject(.delay(ms: 10_000), platform: "slow", times: nil)
        let id = try enqueueSync(db)
        let daemon = CredsyncProcess(["daemon"], environment: environment)
        try daemon.start()
        #expect(try eventually { try JobQueue(db: db, clock: SystemClock()).job(id: id)?.state == .active })
        Thread.sleep(forTimeInterval: 0.3)
        let signalled = Date()
        daemon.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(result.status == 130)
        #expect(Date().timeIntervalSince(signalled) < 2)
        simulator.clearFaults(platform: "slow")
    }
}
