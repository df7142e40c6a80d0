import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// A real `credsync daemon` is killed mid-job; a second daemon recovers the job after the leases expire and
/// completes it exactly once.
@Suite(.serialized) struct DaemonCrashTests {
    let home = TemporaryDirectory("credsync-daemon")
    var databasePath: String { home.file("crash.db") }

    var environment: [String: String] {
        CredsyncProcess.environment(
            home: home.path,
            [
                "CREDSYNC_DB": databasePath, "CREDSYNC_SCRIPTED_JOBS": "1", "ENGINE_LEASE_SECONDS": "2",
                "JOB_LEASE_SECONDS": "2", "SYNC_JOBS_PER_MINUTE": "1000", "SYNC_AUTO_START": "false",
            ])
    }

    private func steps(_ db: Connection, job: Int64) throws -> [Int] {
        try db.all("SELECT json_extract(details, '$.step') FROM audit_log WHERE target = ? ORDER BY id", ["job:\(job)"])
        {
            $0.int(0)
        }
    }

    private func enqueue(_ db: Connection, _ script: ScriptedJobHandler.Script) throws -> Int64 {
        try JobQueue(db: db, clock: SystemClock()).enqueue(
            kind: ScriptedJobHandler.kindName, platformId: nil, trigger: .manual, payload: script.json
        ).job.id
    }

    @Test func aKilledEnginesJobIsRecoveredByTheNextAndCompletesExactlyOnce() throws {
        let db = try Database.open(path: databasePath)
        let id = try enqueue(db, .init(steps: 60, stepMs: 25))
        let queue = JobQueue(db: db, clock: SystemClock())

        let first = CredsyncProcess(["daemon"], environment: environment)
        try first.start()
        #expect(try eventually { try steps(db, job: id).count >= 10 })
        first.signal(SIGKILL)
        _ = first.wait()
        let orphaned = try queue.job(id: id)!
        #expect(orphaned.state == .active)
        let committedBeforeKill = try steps(db, job: id).count
        #expect(committedBeforeKill < 60)

        let second = CredsyncProcess(["daemon"], environment: environment)
        try second.start()
        #expect(try eventually(timeoutSeconds: 60) { try queue.job(id: id)?.state == .completed })
        second.signal(SIGTERM)
        let result = second.wait()
        #expect(result.status == 0)
        #expect(result.stderr.contains("recovered"))

        #expect(try steps(db, job: id) == Array(1...60))
        let job = try queue.job(id: id)!
        #expect(job.stalls == 1)
        #expect(job.attempts == 1)
        #expect(job.checkpoint == "60")
    }

    @Test func sigtermHandsTheActiveJobBackWithinFiveSeconds() throws {
        let db = try Database.open(path: databasePath)
        let id = try enqueue(db, .init(steps: 1_000, stepMs: 20))
        let daemon = CredsyncProcess(["daemon"], environment: environment)
        try daemon.start()
        #expect(try eventually { try steps(db, job: id).count >= 5 })
        let signalled = Date()
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(Date().timeIntervalSince(signalled) < 5)
        #expect(result.status == 0)
        let job = try JobQueue(db: db, clock: SystemClock()).job(id: id)!
        #expect(job.state == .waiting)
        #expect(job.checkpoint == String(try steps(db, job: id).count))
        #expect(try EngineLeaseStore(db: db, clock: SystemClock()).current() == nil)
    }

    @Test func aSecondSignalExitsAtOnce() throws {
        let db = try Database.open(path: databasePath)
        let id = try enqueue(db, .init(steps: 10, stepMs: 4_000))
        let daemon = CredsyncProcess(["daemon"], environment: environment)
        try daemon.start()
        #expect(try eventually { try JobQueue(db: db, clock: SystemClock()).job(id: id)?.state == .active })
        let signalled = Date()
        daemon.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(result.status == 130)
        #expect(Date().timeIntervalSince(signalled) < 2)
    }
}
