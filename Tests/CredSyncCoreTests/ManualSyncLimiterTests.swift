import CredSyncTestSupport
import Testing

@testable import CredSyncCore

/// The manual-sync limiter (SPEC §7): 10 requests per platform per 15 minutes, the 11th refused with the wait,
/// accepted again once the window has moved; scheduled syncs never limited.
@Suite struct ManualSyncLimiterTests {
    let fixture: TestDatabase
    let platformId: Int64
    let otherPlatformId: Int64
    let queue: JobQueue
    let limiter: ManualSyncLimiter

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "nsqf")
        otherPlatformId = try fixture.insertPlatform(name: "swayam")
        queue = JobQueue(db: fixture.db, clock: fixture.clock, policy: QueuePolicy(startRate: nil))
        limiter = ManualSyncLimiter(db: fixture.db, clock: fixture.clock, limit: ManualSyncLimit())
    }

    /// One manual request: the job id when accepted, the refusal otherwise.
    private func request(_ platformId: Int64) throws -> Result<Int64, ManualSyncRefusal> {
        try limiter.request(platformId: platformId) {
            try queue.enqueue(kind: .sync, platformId: platformId, trigger: .manual, priority: 0).job.id
        }
    }

    private func jobCount() throws -> Int {
        try fixture.db.first("SELECT count(*) FROM jobs") { $0.int(0) } ?? 0
    }

    @Test func tenRequestsPassTheEleventhIsRefusedWithTheWaitAndNothingIsEnqueued() throws {
        for minute in 0..<10 {
            guard case .success = try request(platformId) else {
                Issue.record("request \(minute + 1) was refused")
                return
            }
            // The first sync is still queued: the others count although they find it there.
            fixture.clock.advance(byMs: 60_000)
        }
        let jobsBefore = try jobCount()
        var enqueued = false
        guard case .failure(let refusal) = try limiter.request(platformId: platformId, enqueue: { enqueued = true })
        else {
            Issue.record("the eleventh request must be refused")
            return
        }
        // The first request was at minute 0 and it is minute 10: it leaves the window in 5 minutes.
        #expect(refusal.retryAfterMs == 5 * 60_000)
        #expect(refusal.description == "rate limited, try again in 5m")
        #expect(!enqueued)
        #expect(try jobCount() == jobsBefore)

        // Another platform has its own budget.
        guard case .success = try request(otherPlatformId) else {
            Issue.record("another platform must not be limited")
            return
        }
    }

    @Test func aRequestIsAcceptedAgainOnceTheOldestLeavesTheWindow() throws {
        for _ in 0..<10 { _ = try request(platformId) }
        fixture.clock.advance(byMs: 15 * 60_000 - 1)
        guard case .failure(let refusal) = try request(platformId) else {
            Issue.record("the window has not moved yet")
            return
        }
        #expect(refusal.retryAfterMs == 1)
        #expect(refusal.description == "rate limited, try again in 1s")
        fixture.clock.advance(byMs: 1)
        guard case .success = try request(platformId) else {
            Issue.record("after the window a request must pass")
            return
        }
        // The ten left the window together and the refused request never counted: only the new one is.
        #expect(try fixture.db.first("SELECT count(*) FROM manual_sync_requests") { $0.int(0) } == 1)
    }

    @Test func scheduledSyncsAreNotLimited() throws {
        for _ in 0..<10 { _ = try request(platformId) }
        guard case .failure = try request(platformId) else {
            Issue.record("the limit should be reached")
            return
        }
        try fixture.db.run("UPDATE jobs SET state = 'completed', finished_at = ?", [fixture.clock.nowMs])
        let scheduled = try queue.enqueue(kind: .sync, platformId: platformId, trigger: .schedule)
        #expect(scheduled.created)
    }

    @Test func theArithmeticSlidesWithTheWindow() {
        let limit = ManualSyncLimit(limit: 3, windowMs: 1_000)
        #expect(limit.retryAfterMs(acceptedMs: [100, 200], nowMs: 300) == nil)
        #expect(limit.retryAfterMs(acceptedMs: [100, 200, 300], nowMs: 400) == 700)
        #expect(limit.retryAfterMs(acceptedMs: [100, 200, 300], nowMs: 1_100) == nil)
        #expect(limit.retryAfterMs(acceptedMs: [0, 100, 200, 300], nowMs: 900) == 200)
    }
}
