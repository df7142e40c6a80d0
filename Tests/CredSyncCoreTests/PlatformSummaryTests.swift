import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// The platform summary's view of the platform's unfinished sync job: a job that is retrying shows on its platform.
@Suite struct PlatformSummaryTests {
    let fixture: TestDatabase
    let platformId: Int64
    let queue: JobQueue

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "swayam")
        queue = JobQueue(db: fixture.db, clock: fixture.clock, policy: QueuePolicy(startRate: nil), unitRandom: { 0.5 })
    }

    /// Claims the platform's sync job and ends the attempt with `outcome`.
    private func attempt(_ outcome: JobOutcome) throws {
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else {
            Issue.record("nothing to claim")
            return
        }
        try queue.complete(jobId: job.id, holder: "w", outcome: outcome)
    }

    private func summary() throws -> PlatformSummary {
        try #require(try PlatformSummary.all(db: fixture.db).first { $0.id == platformId })
    }

    @Test func aRetryingSyncJobShowsItsFailedAttemptsAndLastError() throws {
        let enqueued = try queue.enqueue(kind: .sync, platformId: platformId, trigger: .schedule).job
        #expect(try summary().syncJob?.failedAttempts == 0)
        #expect(try summary().isRetrying == false)

        for _ in 1...2 {
            try attempt(.retry(afterMs: 0, error: "GET https://swayam.example/v1 answered HTTP 503"))
        }
        var retrying = try summary()
        #expect(retrying.consecutiveFailures == 0)
        #expect(retrying.isRetrying)
        #expect(retrying.syncJob?.jobId == enqueued.id)
        #expect(retrying.syncJob?.state == .delayed)
        #expect(retrying.syncJob?.failedAttempts == 2)
        #expect(retrying.syncJob?.maxAttempts == 3)
        #expect(retrying.syncJob?.lastError == "GET https://swayam.example/v1 answered HTTP 503")

        // The third attempt is running: two attempts spent so far failed, the running one is not counted.
        guard case .claimed = try queue.claim(holder: "w", kinds: [.sync]) else {
            Issue.record("nothing to claim")
            return
        }
        retrying = try summary()
        #expect(retrying.syncJob?.state == .active)
        #expect(retrying.syncJob?.failedAttempts == 2)

        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(retrying)) as? [String: Any]
        let job = json?["sync_job"] as? [String: Any]
        #expect(job?["id"] as? Int == Int(enqueued.id))
        #expect(job?["state"] as? String == "active")
        #expect(job?["failed_attempts"] as? Int == 2)
        #expect(job?["max_attempts"] as? Int == 3)
        #expect(job?["last_error"] as? String == "GET https://swayam.example/v1 answered HTTP 503")
        #expect(json?["retrying"] as? Bool == true)
    }

    @Test func aFinishedJobLeavesNoSyncJobOnTheSummary() throws {
        try queue.enqueue(kind: .sync, platformId: platformId, trigger: .manual)
        try attempt(.retry(afterMs: 0, error: "HTTP 503"))
        try attempt(.succeeded)
        let done = try summary()
        #expect(done.syncJob == nil)
        #expect(done.isRetrying == false)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(done)) as? [String: Any]
        #expect(json?["sync_job"] is NSNull)
        #expect(json?["retrying"] as? Bool == false)
    }
}
