import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// The pipeline end to end against a scripted adapter and an injected clock: rows, counters, checkpoints, alerts.
@Suite struct SyncPipelineTests {
    let fixture: TestDatabase
    let platformId: Int64
    let queue: JobQueue

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "acme")
        queue = JobQueue(db: fixture.db, clock: fixture.clock, policy: QueuePolicy(startRate: nil), unitRandom: { 0.5 })
        try fixture.db.run(
            """
            INSERT INTO users (name, email, email_normalized, phone, phone_normalized, created_at) VALUES
            ('Asha', 'Asha@Example.com', 'asha@example.com', NULL, NULL, 0),
            ('Ravi', NULL, NULL, '98765 43210', '+919876543210', 0)
            """)
    }

    private func handler(_ adapter: ScriptedAdapter, batchSize: Int = 2) -> SyncJobHandler {
        SyncJobHandler(
            policy: SyncPolicy(batchSize: batchSize), clock: fixture.clock, secretBox: nil, sleep: { _ in },
            makeAdapter: { _ in adapter })
    }

    /// Enqueues (or reuses) the platform's sync job, runs one attempt, applies its outcome.
    @discardableResult
    private func runAttempt(_ handler: SyncJobHandler, full: Bool = false) throws -> (JobOutcome, Job) {
        try queue.enqueue(
            kind: .sync, platformId: platformId, trigger: .manual, payload: SyncJobHandler.Request(full: full).json)
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else {
            throw QueueError.leaseLost(jobId: -1)
        }
        let context = JobContext(job: job, holder: "w", queue: queue, slot: WorkerSlot())
        let outcome = try handler.perform(context)
        if case .cancelled = outcome, context.stopReason == .shutdown {
            try queue.release(jobId: job.id, holder: "w")
        } else {
            try queue.complete(jobId: job.id, holder: "w", outcome: outcome)
        }
        return (outcome, try queue.job(id: job.id)!)
    }

    private func rows() throws -> [String] {
        try fixture.db.all(
            "SELECT external_id, status, ifnull(user_id, 0), ifnull(matched_by, ''), ifnull(match_note, '') FROM external_credentials ORDER BY external_id"
        ) { "\($0.text(0)) \($0.text(1)) \($0.int(2)) \($0.text(3)) \($0.text(4))".trimmingCharacters(in: .whitespaces) }
    }

    private func lastRun() throws -> SyncRun { try SyncRunStore(db: fixture.db, clock: fixture.clock).runs(limit: 1)[0] }

    private static let firstPages: [[ParsedItem]] = [
        [
            ScriptedAdapter.item("c1", email: " asha@EXAMPLE.com ", updatedAtMs: 1_000),
            ScriptedAdapter.item("c2", phone: "+91 98765-43210", updatedAtMs: 3_000),
            ScriptedAdapter.item("c3", email: "nobody@example.com", updatedAtMs: 2_000),
        ],
        [
            ScriptedAdapter.item("c4", email: "asha@example.com", phone: "9876543210", updatedAtMs: 4_000),
            .invalid(externalId: nil, reason: "no external id"),
            ScriptedAdapter.item("c5", phone: "12345", updatedAtMs: 5_000),
        ],
    ]

    @Test func aFirstSyncStoresMatchesAndCountsEverything() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        let (outcome, job) = try runAttempt(handler(adapter))
        #expect(outcome == .succeeded)
        #expect(job.state == .completed)
        #expect(job.checkpoint == nil)
        #expect(
            try rows() == [
                "c1 matched 1 email", "c2 matched 2 phone", "c3 pending 0  no user with this email or phone",
                "c4 pending 0  email and phone match different users",
                "c5 pending 0  invalid identifier: phone \"12345\"",
            ])
        let run = try lastRun()
        #expect(run.status == .partial)
        #expect(run.trigger == .manual)
        #expect(
            [run.pages, run.fetched, run.created, run.updated, run.unchanged, run.matched, run.pending, run.invalid]
                as [Int] == [2, 6, 5, 0, 0, 2, 3, 1])
        #expect(run.invalidReasons == ["no external id"])
        let platform = try PlatformStore(db: fixture.db, clock: fixture.clock).platform(id: platformId)!
        #expect(platform.lastSuccessAtMs == fixture.clock.nowMs)
        #expect(platform.syncCursor.flatMap(ISO8601Offset.parseUTC) == 5_000)
        #expect(platform.consecutiveFailures == 0)
    }

    /// A sync whose batches are read as new where the batch before found its credentials new (`SyncPolicy
    /// .readsNewBatchesAsNew`) stores the same rows and counts the same as one that reads every batch's stored rows:
    /// unchanged, changed, claimed and repeated credentials among new ones, in batches read either way.
    @Test func readingBatchesAsNewChangesNoRowAndNoCounter() throws {
        func synced(readsNewBatchesAsNew: Bool) throws -> (rows: [String], titles: [String], counters: [Int]) {
            let suite = try SyncPipelineTests()
            let adapter = ScriptedAdapter(pages: Self.firstPages)
            try suite.runAttempt(suite.handler(adapter))
            let store = CredentialStore(db: suite.fixture.db, clock: suite.fixture.clock)
            let user = try #require(try UserStore(db: suite.fixture.db, clock: suite.fixture.clock).user(id: 1))
            let audit = AuditLog(db: suite.fixture.db, clock: suite.fixture.clock, actor: "op")
            _ = try store.claim(3, for: user, audit: audit)
            // Batches of two: new | stored (read as new) | new | claimed + stored this sync (read as new) | new |
            // a stored one twice (read as new) | new.
            adapter.pages = [
                [
                    ScriptedAdapter.item("n1", email: "asha@example.com"),
                    ScriptedAdapter.item("n2", email: "x@example.com"),
                ],
                [
                    ScriptedAdapter.item("c1", email: " asha@EXAMPLE.com ", updatedAtMs: 1_000),
                    ScriptedAdapter.item("c2", phone: "+91 98765-43210", title: "Renamed", updatedAtMs: 3_000),
                ],
                [ScriptedAdapter.item("n3", email: "x@example.com"), ScriptedAdapter.item("n4", phone: "9876543210")],
                [
                    ScriptedAdapter.item("c3", email: "nobody@example.com", title: "Renamed", updatedAtMs: 2_000),
                    ScriptedAdapter.item("n3", email: "asha@example.com", title: "Renamed"),
                ],
                [ScriptedAdapter.item("n5"), ScriptedAdapter.item("n6", email: "asha@example.com")],
                [
                    ScriptedAdapter.item("c5", phone: "12345", updatedAtMs: 5_000),
                    ScriptedAdapter.item("c5", phone: "12345", updatedAtMs: 5_000),
                    ScriptedAdapter.item("n7", email: "x@example.com"),
                ],
            ]
            let handler = SyncJobHandler(
                policy: SyncPolicy(batchSize: 2, readsNewBatchesAsNew: readsNewBatchesAsNew),
                clock: suite.fixture.clock, secretBox: nil, sleep: { _ in }, makeAdapter: { _ in adapter })
            let (outcome, _) = try suite.runAttempt(handler, full: true)
            #expect(outcome == .succeeded)
            let run = try suite.lastRun()
            let titles = try suite.fixture.db.all(
                "SELECT external_id, certificate_title, last_seen_run_id FROM external_credentials ORDER BY id"
            ) { "\($0.text(0)) \($0.text(1)) \($0.int(2))" }
            return (
                try suite.rows(), titles,
                [run.fetched, run.created, run.updated, run.unchanged, run.matched, run.pending, run.invalid]
            )
        }
        let asNew = try synced(readsNewBatchesAsNew: true)
        let withStored = try synced(readsNewBatchesAsNew: false)
        #expect(asNew.rows == withStored.rows)
        #expect(asNew.titles == withStored.titles)
        #expect(asNew.counters == withStored.counters)
        #expect(asNew.counters == [13, 7, 3, 3, 6, 4, 0])
        #expect(asNew.rows.contains("c3 matched 1 manual"))
        #expect(asNew.titles.contains("n3 Renamed 2"))
    }

    /// The prefetch thread reads a page's stored rows before the worker has written the pages before it: a credential
    /// that comes again on the next pages is read again and updated, never inserted twice.
    @Test func aCredentialOnConsecutivePagesIsUpdatedNotInsertedTwice() throws {
        let adapter = ScriptedAdapter(pages: [
            [ScriptedAdapter.item("c1", email: "asha@example.com", title: "A"), ScriptedAdapter.item("c2", phone: "9876543210")],
            [ScriptedAdapter.item("c1", phone: "9876543210", title: "B")],
            [ScriptedAdapter.item("c3", email: "nobody@example.com"), ScriptedAdapter.item("c1", email: "asha@example.com", title: "C")],
        ])
        let (outcome, _) = try runAttempt(handler(adapter, batchSize: 1))
        #expect(outcome == .succeeded)
        #expect(try rows() == ["c1 matched 1 email", "c2 matched 2 phone", "c3 pending 0  no user with this email or phone"])
        #expect(try fixture.db.first("SELECT certificate_title FROM external_credentials WHERE external_id = 'c1'") { $0.text(0) } == "C")
        let run = try lastRun()
        #expect([run.created, run.updated, run.unchanged] as [Int] == [3, 2, 0])
    }

    @Test func aResyncOfUnchangedDataTouchesNoRowAndAChangeUpdatesExactlyThoseRows() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        try runAttempt(handler(adapter))
        let before = try fixture.db.all("SELECT external_id, updated_at FROM external_credentials ORDER BY 1") {
            "\($0.text(0))@\($0.int64(1))"
        }
        fixture.clock.advance(byMs: 60_000)
        try runAttempt(handler(adapter), full: true)
        var run = try lastRun()
        #expect([run.created, run.updated, run.unchanged] as [Int] == [0, 0, 5])
        #expect(
            try fixture.db.all("SELECT external_id, updated_at FROM external_credentials ORDER BY 1") {
                "\($0.text(0))@\($0.int64(1))"
            } == before)

        adapter.pages[0][2] = ScriptedAdapter.item("c3", email: "nobody@example.com", title: "Renamed", updatedAtMs: 9_000)
        adapter.pages[1][2] = ScriptedAdapter.item("c5", phone: "12345", title: "Renamed", updatedAtMs: 9_500)
        fixture.clock.advance(byMs: 60_000)
        try runAttempt(handler(adapter), full: true)
        run = try lastRun()
        #expect([run.created, run.updated, run.unchanged] as [Int] == [0, 2, 3])
        #expect(try fixture.db.first("SELECT count(*) FROM external_credentials") { $0.int(0) } == 5)
    }

    @Test func incrementalSyncsAskSinceTheCursorMinusTheLookback() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        try runAttempt(handler(adapter))
        #expect(adapter.requests.first?.sinceMs == nil)
        try runAttempt(handler(adapter))
        #expect(adapter.requests.last?.sinceMs == 5_000 - 5 * 60_000)
        try runAttempt(handler(adapter), full: true)
        #expect(adapter.requests.last?.sinceMs == nil)
    }

    @Test func aFailedPageIsRetriedFromTheCheckpointWithoutDuplicatesOrDoubleCounts() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        adapter.faults[1] = SyncError.httpStatus(
            method: "GET", url: "http://x/page", status: 503, firstBytes: "", retries: 3)
        let (outcome, job) = try runAttempt(handler(adapter))
        guard case .retry(_, let error) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(error.contains("503"))
        #expect(job.state == .delayed)
        let failedRun = try lastRun()
        #expect(failedRun.status == .failed)
        #expect(failedRun.created == 3)
        #expect(SyncCheckpoint.decode(job.checkpoint)?.cursor == "1")

        fixture.clock.set(nowMs: job.runAt)
        let (second, finished) = try runAttempt(handler(adapter))
        #expect(second == .succeeded)
        #expect(finished.attempts == 2)
        let retryRun = try lastRun()
        #expect(retryRun.trigger == .retry)
        #expect([retryRun.fetched, retryRun.created] as [Int] == [3, 2])
        #expect(Array(adapter.requests.map(\.cursor)) == [nil, "1", "1"])
        #expect(try rows().count == 5)
    }

    @Test func aShutdownMidSyncResumesTheSameRun() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages + [[ScriptedAdapter.item("c6", updatedAtMs: 6_000)]])
        // The second page's fetch stops the engine: the attempt ends at the next page boundary.
        final class StopOnSecondPage: PlatformAdapter, @unchecked Sendable {
            let inner: ScriptedAdapter
            var context: JobContext?
            init(_ inner: ScriptedAdapter) { self.inner = inner }
            func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
                if request.cursor == "1" { context?.requestStop(.shutdown) }
                return try inner.fetchPage(request, using: http)
            }
        }
        let stopping = StopOnSecondPage(adapter)
        let handler = SyncJobHandler(
            policy: SyncPolicy(batchSize: 2), clock: fixture.clock, secretBox: nil, sleep: { _ in },
            makeAdapter: { _ in stopping })
        try queue.enqueue(kind: .sync, platformId: platformId, trigger: .schedule)
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [.sync]) else { return }
        let context = JobContext(job: job, holder: "w", queue: queue, slot: WorkerSlot())
        stopping.context = context
        #expect(try handler.perform(context) == .cancelled)
        try queue.release(jobId: job.id, holder: "w")
        #expect(try lastRun().status == .running)
        #expect(try lastRun().pages == 2)

        stopping.context = nil
        let (outcome, _) = try runAttempt(handler)
        #expect(outcome == .succeeded)
        let run = try lastRun()
        #expect(try SyncRunStore(db: fixture.db, clock: fixture.clock).runs().count == 1)
        #expect([run.pages, run.fetched, run.created] as [Int] == [3, 7, 6])
        #expect(run.trigger == .schedule)
    }

    @Test func aRepeatingCursorStopsTheRunAsFailed() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        adapter.cursorOverride[1] = "1"
        let (outcome, job) = try runAttempt(handler(adapter))
        guard case .failed(let error) = outcome else {
            Issue.record("expected failure, got \(outcome)")
            return
        }
        #expect(error.contains("already returned"))
        #expect(job.state == .failed)
        #expect(try lastRun().status == .failed)
    }

    @Test func threeFinalFailuresRaiseAnAlertThatASuccessResolves() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        let alerts = AlertStore(db: fixture.db, clock: fixture.clock)
        for attempt in 1...3 {
            adapter.faults[0] = SyncError.httpStatus(
                method: "GET", url: "http://x", status: 404, firstBytes: "", retries: 0)
            let (outcome, _) = try runAttempt(handler(adapter))
            #expect(
                outcome
                    == .failed(
                        error: "GET http://x answered HTTP 404; check api_base_url and api_version "
                            + "('credsync platforms show acme')"))
            #expect(try alerts.alerts().contains { $0.kind == .consecutiveFailures } == (attempt == 3))
        }
        #expect(try PlatformStore(db: fixture.db, clock: fixture.clock).platform(id: platformId)?.consecutiveFailures == 3)
        try runAttempt(handler(adapter))
        #expect(try alerts.alerts().contains { $0.kind == .consecutiveFailures } == false)
        #expect(try alerts.alerts(includeResolved: true).first { $0.kind == .consecutiveFailures }?.resolvedAtMs != nil)
    }

    @Test func aMostlyUnmatchedRunRaisesTheUnmatchedAlert() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        try runAttempt(handler(adapter))
        let alert = try AlertStore(db: fixture.db, clock: fixture.clock).alerts().first { $0.kind == .unmatchedRatio }
        #expect(alert?.message.contains("60%") == true)
    }

    @Test func aRunWithNothingToJudgeLeavesTheUnmatchedAlertOpenAndAMeasuredLowRatioResolvesIt() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        let alerts = AlertStore(db: fixture.db, clock: fixture.clock)
        try runAttempt(handler(adapter))
        #expect(try alerts.alerts().contains { $0.kind == .unmatchedRatio })

        // Nothing changed on the platform: the run matched nothing and left nothing pending, so it measured nothing.
        fixture.clock.advance(byMs: 60_000)
        try runAttempt(handler(adapter), full: true)
        let unchanged = try lastRun()
        #expect([unchanged.unchanged, unchanged.matched, unchanged.pending] as [Int] == [5, 0, 0])
        #expect(try alerts.alerts().contains { $0.kind == .unmatchedRatio })

        // A run whose credentials mostly match measures a ratio below the threshold: resolved.
        adapter.pages = [
            [
                ScriptedAdapter.item("c7", email: "asha@example.com", updatedAtMs: 10_000),
                ScriptedAdapter.item("c8", phone: "9876543210", updatedAtMs: 11_000),
            ]
        ]
        fixture.clock.advance(byMs: 60_000)
        try runAttempt(handler(adapter), full: true)
        #expect([try lastRun().matched, try lastRun().pending] as [Int] == [2, 0])
        #expect(try alerts.alerts().contains { $0.kind == .unmatchedRatio } == false)
        #expect(try alerts.alerts(includeResolved: true).first { $0.kind == .unmatchedRatio }?.resolvedAtMs != nil)
    }

    @Test func operatorDecisionsSurvivePlatformUpdates() throws {
        let adapter = ScriptedAdapter(pages: Self.firstPages)
        try runAttempt(handler(adapter))
        try fixture.db.run(
            "UPDATE external_credentials SET status = 'matched', user_id = 1, matched_by = 'manual', match_note = NULL WHERE external_id = 'c3'")
        adapter.pages[0][2] = ScriptedAdapter.item("c3", email: "nobody@example.com", title: "New title", updatedAtMs: 9_000)
        try runAttempt(handler(adapter), full: true)
        #expect(try rows().contains("c3 matched 1 manual"))
        #expect(
            try fixture.db.first("SELECT certificate_title FROM external_credentials WHERE external_id = 'c3'") {
                $0.text(0)
            } == "New title")
    }
}
