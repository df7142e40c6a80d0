import CredSyncTestSupport
import Testing

@testable import CredSyncCore

/// The dashboard's change check: it moves when what its costly parts show may have changed, and not with the
/// heartbeats of a quiet job, so a dashboard beside a long sync or a slow platform reloads nothing between them.
@Suite struct ChangeFingerprintTests {
    let fixture: TestDatabase
    let queue: JobQueue

    init() throws {
        fixture = try TestDatabase()
        queue = JobQueue(db: fixture.db, clock: fixture.clock)
    }

    func fingerprint() throws -> [Int64] { try ChangeFingerprint.read(db: fixture.db).values }

    @Test func aJobsLeaseAndProgressLeaveItAloneItsRetryAndEndMoveIt() throws {
        let platform = try fixture.insertPlatform(name: "credly")
        let idle = try fingerprint()
        let job = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job
        let waiting = try fingerprint()
        #expect(waiting != idle)
        guard case .claimed = try queue.claim(holder: "worker", kinds: [.sync]) else {
            Issue.record("the job was not claimed")
            return
        }
        let active = try fingerprint()
        #expect(active != waiting)

        fixture.clock.advance(byMs: 5_000)
        #expect(try queue.renewLease(jobId: job.id, holder: "worker") == .renewed(cancelRequested: false))
        try queue.saveProgress(jobId: job.id, holder: "worker", done: 10, total: nil, checkpoint: "2")
        #expect(try fingerprint() == active, "a lease renewal or a job's progress reloads nothing")

        _ = try queue.complete(
            jobId: job.id, holder: "worker", outcome: .retry(afterMs: 30_000, error: "HTTP 503 Service Unavailable"))
        let delayed = try fingerprint()
        #expect(delayed != active, "a retry changes the platform's state")

        fixture.clock.advance(byMs: 30_000)
        guard case .claimed = try queue.claim(holder: "worker", kinds: [.sync]) else {
            Issue.record("the retry was not claimed")
            return
        }
        let retrying = try fingerprint()
        #expect(retrying != delayed)
        _ = try queue.complete(jobId: job.id, holder: "worker", outcome: .succeeded)
        let done = try fingerprint()
        #expect(done != retrying)
        #expect(done[3...5] == idle[3...5], "no unfinished or active job, as before it was queued")
    }

    /// Every part reads through an index; the running runs and the unfinished and active jobs through their own
    /// small partial indexes, whatever the size of the tables.
    @Test func everyPartReadsThroughAnIndex() throws {
        let plan = try fixture.db.all("EXPLAIN QUERY PLAN \(ChangeFingerprint.sql)", []) { $0.text(3) }
        for index in ["sync_runs_running", "jobs_one_unfinished", "jobs_active"] {
            #expect(plan.contains { $0.contains(index) }, "\(index) in \(plan)")
        }
        #expect(!plan.contains { $0.hasPrefix("SCAN") && !$0.contains("INDEX") && $0 != "SCAN CONSTANT ROW" }, "\(plan)")
    }
}
