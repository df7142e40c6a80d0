import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// The Queue pane's jobs read in windows: active, waiting and delayed jobs by run time, then failed and cancelled
/// ones newest first while they are recent — every one reachable by key, found by a search with its true count,
/// each read a range of `jobs_queue_order`.
@Suite struct JobQueueWindowTests {
    let fixture: TestDatabase
    let queue: JobQueue
    let hour: Int64 = 3_600_000
    /// The jobs the pane shows, in its order.
    let shown: [Job]
    var sinceMs: Int64 { fixture.clock.nowMs - 24 * hour }

    init() throws {
        let fixture = try TestDatabase(nowMs: 1_000 * 86_400_000)
        self.fixture = fixture
        queue = JobQueue(db: fixture.db, clock: fixture.clock)
        let now = fixture.clock.nowMs
        let nsqf = try fixture.insertPlatform(name: "nsqf")
        let swayam = try fixture.insertPlatform(name: "swayam")
        // 4,000 jobs: each tenth unfinished (active, waiting or delayed; each of its own kind, as at most one job
        // per kind and platform is unfinished), the rest completed, failed or cancelled over the last 48 hours.
        try fixture.db.transaction {
            for index in 1...4_000 {
                let state: String
                if index % 10 == 0 {
                    state = ["active", "waiting", "delayed"][index / 10 % 3]
                } else {
                    state = ["completed", "failed", "cancelled", "completed"][index % 4]
                }
                let finished = ["completed", "failed", "cancelled"].contains(state)
                try fixture.db.run(
                    """
                    INSERT INTO jobs (id, kind, platform_id, state, run_at, trigger, last_error, created_at, updated_at,
                        finished_at)
                    VALUES (?, ?, ?, ?, ?, 'schedule', ?, 0, 0, ?)
                    """,
                    [
                        index, finished ? "sync" : "kind\(index)", index % 3 == 0 ? swayam : nsqf, state,
                        now - Int64(index % 97) * 60_000,
                        state == "failed" ? "GET https://example/\(index) answered HTTP 503" : nil,
                        finished ? now - Int64(index) * 43_200 : nil,
                    ])
            }
        }
        let all = try fixture.db.all("SELECT \(Job.columns) FROM jobs", [], Job.init(row:))
        let since = now - 24 * hour
        shown =
            all.filter { job in
                !job.isFinished || (job.state != .completed && (job.finishedAt ?? 0) > since)
            }
            .sorted { ($0.orderKey.rank, $0.orderKey.time, $0.id) < ($1.orderKey.rank, $1.orderKey.time, $1.id) }
    }

    @Test func theSwiftKeyAgreesWithTheIndexedColumns() throws {
        let stored = try fixture.db.all("SELECT id, queue_rank, queue_time FROM jobs WHERE state <> 'completed'") {
            JobOrderKey(rank: $0.int64(1), time: $0.int64(2), id: $0.int64(0))
        }
        let byId = Dictionary(
            uniqueKeysWithValues: try fixture.db.all("SELECT \(Job.columns) FROM jobs", [], Job.init(row:)).map {
                ($0.id, $0)
            })
        #expect(stored.count > 2_000)
        #expect(stored.allSatisfy { JobOrderKey(byId[$0.id]!) == $0 })
    }

    @Test func theWindowsListTheShownJobsInThePanesOrder() throws {
        #expect(shown.count > 1_000, "more jobs than a window holds")
        #expect(try queue.shownCount(sinceMs: sinceMs, search: nil) == shown.count)
        let first = try queue.shownWindow(KeysetWindow(anchor: .first, size: 40), sinceMs: sinceMs, search: nil)
        #expect(first.map(\.id) == shown.prefix(40).map(\.id))
        #expect(first.first?.state == .active)
        let last = try queue.shownWindow(KeysetWindow(anchor: .last, size: 40), sinceMs: sinceMs, search: nil)
        #expect(last.map(\.id) == shown.suffix(40).map(\.id))
        let middle = shown[700]
        #expect(try queue.shownPosition(of: middle.orderKey, sinceMs: sinceMs, search: nil) == 700)
        let after = try queue.shownWindow(
            KeysetWindow(anchor: .after(middle.orderKey, skip: 5), size: 10), sinceMs: sinceMs, search: nil)
        #expect(after.map(\.id) == shown[706..<716].map(\.id))
        let before = try queue.shownWindow(
            KeysetWindow(anchor: .before(middle.orderKey, skip: 5), size: 10), sinceMs: sinceMs, search: nil)
        #expect(before.map(\.id) == shown[685..<695].map(\.id))
    }

    @Test func pagingWalksEveryShownJobOnce() throws {
        var seen: [Int64] = []
        var window = try queue.shownWindow(KeysetWindow(anchor: .first, size: 64), sinceMs: sinceMs, search: nil)
        while !window.isEmpty {
            seen += window.map(\.id)
            window = try queue.shownWindow(
                KeysetWindow(anchor: .after(window.last!.orderKey, skip: 0), size: 64), sinceMs: sinceMs, search: nil)
        }
        #expect(seen == shown.map(\.id))
    }

    @Test func aSearchFindsJobsBeyondTheFirstWindowWithTheirTrueCount() throws {
        let failed = shown.filter { $0.state == .failed }
        #expect(try queue.shownCount(sinceMs: sinceMs, search: JobSearch("FAILED")) == failed.count)
        let oldest = try queue.shownWindow(
            KeysetWindow(anchor: .last, size: 1), sinceMs: sinceMs, search: JobSearch("503"))
        #expect(oldest.map(\.id) == [failed.last!.id])
        let one = failed[failed.count / 2]
        let search = JobSearch("example/\(one.id) answered")
        #expect(try queue.shownCount(sinceMs: sinceMs, search: search) == 1)
        #expect(try queue.shownWindow(KeysetWindow(), sinceMs: sinceMs, search: search).map(\.id) == [one.id])
        let swayam = shown.filter { $0.platformId == 2 }
        #expect(try queue.shownCount(sinceMs: sinceMs, search: JobSearch("SWAY")) == swayam.count)
        #expect(try queue.shownCount(sinceMs: sinceMs, search: JobSearch("token_refresh")) == 0)
    }

    @Test func everyQueryIsARangeOfTheQueueOrderIndex() throws {
        let key = shown[500].orderKey
        let anchors: [KeysetWindow<JobOrderKey>.Anchor] = [
            .first, .last, .from(key), .after(key, skip: 3), .before(key, skip: 3),
        ]
        for search in [nil, JobSearch("503")] {
            let order = JobQueue.shownOrder(sinceMs: sinceMs)
            for anchor in anchors {
                let query = order.windowQuery(KeysetWindow(anchor: anchor, size: 30), filter: search?.condition)
                try expectIndexed(query.sql, query.values)
            }
            for before in [nil, key] {
                let query = order.countQuery(before: before, filter: search?.condition)
                try expectIndexed(query.sql, query.values)
            }
        }
    }

    /// The plan searches a range of `jobs_queue_order` (never a scan of it or of the table) and sorts nothing.
    private func expectIndexed(_ sql: String, _ values: [any DatabaseValueConvertible]) throws {
        let plan = try fixture.db.all("EXPLAIN QUERY PLAN \(sql)", values) { $0.text(3) }
        let text = plan.joined(separator: "; ")
        #expect(
            plan.contains { $0.hasPrefix("SEARCH j USING") && $0.contains("jobs_queue_order") }, "\(text) for \(sql)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.hasPrefix("SCAN j") }, "\(text) for \(sql)")
    }
}
