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
}
