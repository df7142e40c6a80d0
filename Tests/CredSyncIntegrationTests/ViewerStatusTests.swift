import CredSyncCore
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

/// A viewer shows the engine's effective state — the cron, time zone and workers the engine runs with — not its
/// own settings, in the dashboard header and in `credsync scheduler status`.
@Suite struct ViewerStatusTests {
    @Test func aViewerShowsTheEnginesCronAndWorkersNotItsOwn() throws {
        let home = TemporaryDirectory("credsync-viewer")
        let database = home.file("viewer.db")
        let db = try Database.open(path: database)
        let engine = EngineIdentity(holder: "engine-1", pid: 4242, host: "ops-1")
        _ = try EngineLeaseStore(db: db, clock: SystemClock()).tryAcquire(engine, ttlMs: 60_000)
        let published = EngineStatus(
            holder: "engine-1", pid: 4242, host: "ops-1", workersTotal: 3, workersBusy: 1,
            scheduler: SchedulerStatus(
                enabled: true, cron: "*/5 * * * *", cronProblem: nil, timeZone: "Asia/Kolkata",
                nextRunMs: SystemClock().nowMs + 60_000, tokenRefreshCron: "0 1 * * *", nextTokenRefreshMs: nil,
                lastTickMs: nil))
        try published.publish(db: db, nowMs: SystemClock().nowMs)

        // This process's own settings differ: the default cron and 5 workers.
        let environment = CredsyncProcess.environment(home: home.path, ["CREDSYNC_DB": database])
        let settings = try Settings.load(flags: [:], environment: environment, configFile: nil)
        let source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "viewer", secretBox: nil),
            engine: nil)
        let snapshot = try source.snapshot()
        #expect(snapshot.role == .viewer(holder: "pid 4242 on ops-1"))
        #expect(snapshot.schedulerCron == "*/5 * * * *")
        #expect(snapshot.workersTotal == 3)
        #expect(snapshot.workersBusy == 1)

        let status = try CredsyncProcess.run(["scheduler", "status", "--json"], environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(#""cron" : "*\/5 * * * *""#) || status.stdout.contains(#""cron" : "*/5 * * * *""#))
        #expect(status.stdout.contains(#""timezone" : "Asia\/Kolkata""#) || status.stdout.contains(#""timezone" : "Asia/Kolkata""#))
        #expect(status.stdout.contains(#""workers" : "1\/3""#) || status.stdout.contains(#""workers" : "1/3""#))

        // Stopped from here, it shows stopped at once, before the engine republishes.
        _ = try CredsyncProcess.run(["scheduler", "stop"], environment: environment)
        #expect(try source.snapshot().schedulerEnabled == false)
    }
}
