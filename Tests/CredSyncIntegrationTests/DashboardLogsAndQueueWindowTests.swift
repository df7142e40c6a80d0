import CredSyncCore
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

/// Sync logs and Queue over more rows than one window holds, driven through the dashboard's update and its SQLite
/// data source: `G` reaches the last row, the counter counts every row, paging walks them all, `/` finds a row far
/// past the first window with the true count, and new runs are counted while the operator is far down the log.
@Suite struct DashboardLogsAndQueueWindowTests: DashboardDriving {
    let fixture: TestDatabase
    let source: SQLiteDataSource
    let size = Size(width: 120, height: 40)
    let platform: Int64
    let nowMs = SystemClock().nowMs

    init() throws {
        let fixture = try TestDatabase(nowMs: nowMs)
        self.fixture = fixture
        platform = try fixture.insertPlatform(name: "nsqf")
        let environment = CredsyncProcess.environment(home: fixture.directory.path, ["CREDSYNC_DB": fixture.path])
        source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: try Settings.load(flags: [:], environment: environment, configFile: nil), actor: "operator",
                secretBox: nil),
            engine: nil)
    }

    /// 3,000 runs a second apart, newest last inserted; every tenth failed with an HTTP 503, run 7 with a rare error.
    func insertRuns() throws {
        try fixture.db.transaction {
            for index in 1...3_000 {
                let failed = index % 10 == 0 || index == 7
                try fixture.db.run(
                    """
                    INSERT INTO sync_runs (platform_id, trigger, status, started_at, finished_at, duration_ms, error)
                    VALUES (?, 'schedule', ?, ?, ?, 1000, ?)
                    """,
                    [
                        platform, failed ? "failed" : "succeeded", nowMs - Int64(3_001 - index) * 1_000,
                        nowMs - Int64(3_001 - index) * 1_000 + 1_000,
                        index == 7 ? "HTTP 418: the kettle refused" : failed ? "HTTP 503 Service Unavailable" : nil,
                    ])
            }
        }
    }

    /// 2,000 failed sync jobs over the last 20 hours (newest first in the pane) and one waiting job above them.
    func insertJobs() throws {
        try fixture.db.transaction {
            for index in 1...2_000 {
                try fixture.db.run(
                    """
                    INSERT INTO jobs (kind, platform_id, state, run_at, trigger, last_error, created_at, updated_at,
                        started_at, finished_at, attempts)
                    VALUES ('sync', ?, 'failed', ?, 'schedule', ?, ?, ?, ?, ?, 3)
                    """,
                    [
                        platform, nowMs - 72_000_000, index == 42 ? "HTTP 418: the kettle refused" : "HTTP 503",
                        nowMs - 72_000_000, nowMs, nowMs - Int64(index) * 36_000 - 1_000, nowMs - Int64(index) * 36_000,
                    ])
            }
        }
        _ = try JobQueue(db: fixture.db, clock: fixture.clock).enqueue(
            kind: .tokenRefresh, platformId: platform, trigger: .manual)
    }

    private func type(_ text: String) -> [Key] { [.character("/")] + text.map { .character($0) } + [.enter] }

    @Test func gReachesTheOldestRunAndPagingWalksEveryRun() throws {
        try insertRuns()
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: nowMs))
        try press(&model, [.character("3")])
        #expect(screen(model).contains("Sync logs (3,000)"))
        #expect(screen(model).contains(" 1/3,000 "))
        #expect(model.selectedRun?.id == 3_000)
        try press(&model, [.character("G")])
        #expect(model.selectedRun?.id == 1)
        #expect(screen(model).contains(" 3,000/3,000 "))
        let rows = DashboardLayout.layout(size).listRows(for: .logs)
        try press(&model, [.pageUp, .pageUp, .up])
        #expect(model.selectedRun?.id == Int64(2 * rows + 2))
        #expect(screen(model).contains(" \(Format.count(3_000 - 2 * rows - 1))/3,000 "))
        try press(&model, [.character("g")])
        #expect(model.selectedRun?.id == 3_000)
        var seen = Set(model.snapshot!.runs.map(\.id))
        for _ in 0..<(3_000 / rows + 1) {
            try press(&model, [.pageDown])
            seen.formUnion(model.snapshot!.runs.map(\.id))
        }
        #expect(model.selectedRun?.id == 1)
        #expect(seen.count == 3_000, "every run was loaded on the way down")
    }

    @Test func aFilterFindsARunFarBeyondTheFirstWindowWithTheTrueCount() throws {
        try insertRuns()
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: nowMs))
        try press(&model, [.character("3")] + type("kettle"))
        #expect(screen(model).contains("Sync logs (1 of 3,000) /kettle"))
        #expect(model.selectedRun?.id == 7)
        try press(&model, [.escape] + type("503"))
        #expect(screen(model).contains("Sync logs (300 of 3,000) /503"))
        try press(&model, [.character("G")])
        #expect(model.selectedRun?.id == 10)
        #expect(screen(model).contains(" 300/300 "))
    }

    @Test func newRunsAreCountedWhileFarDownTheLogAndGGoesBackToThem() throws {
        try insertRuns()
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: nowMs))
        try press(&model, [.character("3"), .character("G")])
        #expect(model.selectedRun?.id == 1)
        let runs = SyncRunStore(db: fixture.db, clock: fixture.clock)
        for _ in 0..<5 {
            _ = try runs.start(platformId: platform, jobId: nil, trigger: .manual, cursorBefore: nil)
        }
        try apply(&model, .tick(nowMs: nowMs))
        #expect(model.selectedRun?.id == 1, "the run the operator is on stays selected")
        #expect(screen(model).contains("3 Sync logs (3,005) · 5 new ↑ (g)"))
        #expect(screen(model).contains(" 3,005/3,005 "))
        try press(&model, [.character("g")])
        #expect(model.selectedRun?.id == 3_005)
        #expect(!screen(model).contains("new ↑"))
    }

    @Test func theQueueIsAWindowOverEveryShownJob() throws {
        try insertJobs()
        var model = DashboardModel(size: size)
        try apply(&model, .tick(nowMs: nowMs))
        try press(&model, [.character("2")])
        #expect(screen(model).contains("Queue (2,001)"))
        #expect(model.selectedJob?.job.state == .waiting)
        try press(&model, [.character("G")])
        #expect(model.selectedJob?.job.id == 2_000, "the oldest failed job is last")
        #expect(screen(model).contains(" 2,001/2,001 "))
        try press(&model, [.character("g")] + type("kettle"))
        #expect(screen(model).contains("Queue (1 of 2,001) /kettle"))
        #expect(model.selectedJob?.job.id == 42)
        try press(&model, [.character("R")])
        #expect(try fixture.db.first("SELECT state FROM jobs WHERE id = 42") { $0.text(0) } == "waiting")
        try press(&model, [.escape] + type("FAILED"))
        #expect(screen(model).contains("Queue (1,999 of 2,001) /FAILED"))
    }
}
