import CredSyncCore
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

/// Failed and cancelled jobs stay in the Queue pane for DASHBOARD_FINISHED_JOBS_MINUTES, so `R` can retry them.
@Suite struct DashboardFinishedJobsTests {
    func source(_ fixture: TestDatabase, minutes: String) throws -> SQLiteDataSource {
        let environment = CredsyncProcess.environment(
            home: fixture.directory.path, ["CREDSYNC_DB": fixture.path, "DASHBOARD_FINISHED_JOBS_MINUTES": minutes])
        return SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: try Settings.load(flags: [:], environment: environment, configFile: nil), actor: "operator",
                secretBox: nil),
            engine: nil, clock: fixture.clock)
    }

    @Test func aCancelledJobStaysForTheSetTimeAndRRetriesIt() throws {
        let fixture = try TestDatabase()
        let platform = try fixture.insertPlatform(name: "nsqf")
        let job = try JobQueue(db: fixture.db, clock: fixture.clock).enqueue(kind: .sync, platformId: platform, trigger: .manual).job
        let source = try source(fixture, minutes: "30")
        #expect(source.perform(.cancelJob(jobId: job.id)).succeeded)
        let cancelled = try source.snapshot().jobs.map { "\($0.job.id) \($0.job.state.rawValue)" }
        #expect(cancelled == ["\(job.id) cancelled"])

        fixture.clock.advance(byMs: 29 * 60_000)
        var model = DashboardUpdate.update(DashboardModel(), .snapshot(try source.snapshot())).0
        model = DashboardUpdate.update(model, .key(.character("2"))).0
        let (_, commands) = DashboardUpdate.update(model, .key(.character("R")))
        #expect(commands == [.retryJob(jobId: job.id)])
        #expect(source.perform(commands[0]).succeeded)
        #expect(try fixture.db.first("SELECT state FROM jobs WHERE id = ?", [job.id]) { $0.text(0) } == "waiting")

        #expect(source.perform(.cancelJob(jobId: job.id)).succeeded)
        fixture.clock.advance(byMs: 31 * 60_000)
        #expect(try source.snapshot().jobs.isEmpty)
    }

    /// A run that writes its rows and ends between two of the dashboard's reads leaves its progress reading the
    /// same (nothing running, before and after): the platforms and the pending count still follow it and its job
    /// at once, not when the 30 s reload comes round.
    @Test func platformsAndCountsFollowARunThatEndsBetweenTwoReads() throws {
        let fixture = try TestDatabase()
        let platform = try fixture.insertPlatform(name: "credly")
        let queue = JobQueue(db: fixture.db, clock: fixture.clock)
        let job = try queue.enqueue(kind: .sync, platformId: platform, trigger: .manual).job
        guard case .claimed = try queue.claim(holder: "worker", kinds: [.sync]) else {
            Issue.record("the sync job was not claimed")
            return
        }
        let runs = SyncRunStore(db: fixture.db, clock: fixture.clock)
        let run = try runs.start(platformId: platform, jobId: job.id, trigger: .manual, cursorBefore: nil)
        let source = try source(fixture, minutes: "30")
        let before = try source.snapshot()
        #expect(before.pendingTotal == 0)
        #expect(before.platforms.map { "\($0.name) \($0.syncJob?.state.rawValue ?? "-")" } == ["credly active"])

        fixture.clock.advance(byMs: 1_000)
        let items = (1...3).map { ScriptedAdapter.item("c\($0)", email: "nobody\($0)@example.org") }
        try fixture.db.transaction {
            let counts = try CredentialWriter(db: fixture.db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
                .write(items, platformId: platform, runId: run, nowMs: fixture.clock.nowMs)
            try runs.add(counts, pages: 1, to: run)
            try runs.finish(run, status: .succeeded, error: nil, cursorAfter: nil)
        }
        _ = try queue.complete(jobId: job.id, holder: "worker", outcome: .succeeded)
        fixture.clock.advance(byMs: 1_000)

        let after = try source.snapshot()
        #expect(after.pendingTotal == 3)
        #expect(after.platforms.map { "\($0.name) \($0.syncJob?.state.rawValue ?? "-") \($0.pending)" } == ["credly - 3"])
        #expect(after.platforms.first?.lastRunStatus == .succeeded)
    }
}
