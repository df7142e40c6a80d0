import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncCore

/// Collects an engine log's warnings.
private final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var log: EngineLog {
        EngineLog { level, message in
            if level == .warn { self.lock.withLock { self.collected.append(message) } }
        }
    }

    var warnings: [String] { lock.withLock { collected } }
}

@Suite struct SchedulerTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2026-01-01T00:00:00Z
    static let midnight = TestDatabase.epochMs
    static let hourMs: Int64 = 3_600_000

    // MARK: - Pure decisions

    @Test func firstLookInitialisesWithoutCatchUp() throws {
        let cron = try CronExpression(parsing: "0 2 * * *")
        let decision = SchedulerPlan.decide(
            cron: cron, timeZone: Self.utc, nowMs: Self.midnight, lastFireMs: nil, isStartup: true)
        #expect(decision == .initialise(recordFireMs: Self.midnight))
    }

    @Test func waitsUntilTheNextFireThenFiresOnce() throws {
        let cron = try CronExpression(parsing: "0 2 * * *")
        let beforeTwo = Self.midnight + Self.hourMs
        #expect(
            SchedulerPlan.decide(
                cron: cron, timeZone: Self.utc, nowMs: beforeTwo, lastFireMs: Self.midnight, isStartup: false)
                == .wait(untilMs: Self.midnight + 2 * Self.hourMs))
        let atTwo = Self.midnight + 2 * Self.hourMs + 400
        #expect(
            SchedulerPlan.decide(
                cron: cron, timeZone: Self.utc, nowMs: atTwo, lastFireMs: Self.midnight, isStartup: false)
                == .fire(trigger: .schedule, recordFireMs: atTwo))
    }

    @Test func missedTicksBecomeOneStartupCatchUp() throws {
        let cron = try CronExpression(parsing: "*/15 * * * *")
        // Down for three days: hundreds of ticks missed, one run.
        let now = Self.midnight + 72 * Self.hourMs + 7
        let decision = SchedulerPlan.decide(
            cron: cron, timeZone: Self.utc, nowMs: now, lastFireMs: Self.midnight, isStartup: true)
        #expect(decision == .fire(trigger: .startupCatchUp, recordFireMs: now))
    }

    @Test func dueRuleUsesTheFrequencyWithAGrace() {
        let now = Self.midnight + 48 * Self.hourMs
        #expect(SchedulerPlan.isDue(frequencyHours: 24, lastCompletedStartMs: nil, nowMs: now))
        // Last success started at 02:00:40 yesterday; the cron fires at 02:00:00 today: due (grace).
        #expect(
            SchedulerPlan.isDue(frequencyHours: 24, lastCompletedStartMs: now - 24 * Self.hourMs + 40_000, nowMs: now))
        // A 24-hour platform under a 12-hour cron is not synced twice a day.
        #expect(!SchedulerPlan.isDue(frequencyHours: 24, lastCompletedStartMs: now - 12 * Self.hourMs, nowMs: now))
        #expect(SchedulerPlan.isDue(frequencyHours: 6, lastCompletedStartMs: now - 6 * Self.hourMs, nowMs: now))
        #expect(!SchedulerPlan.isDue(frequencyHours: 6, lastCompletedStartMs: now - 5 * Self.hourMs, nowMs: now))
    }

    // MARK: - The service against a database, with an injected clock

    private func service(
        _ fixture: TestDatabase, autoStart: Bool = true, tokens: Bool = false, cron: String = "0 2 * * *",
        log: EngineLog = .silent
    ) throws -> SchedulerService {
        SchedulerService(
            configuration: SchedulerService.Configuration(
                syncCron: try CronExpression(parsing: cron),
                tokenRefreshCron: try CronExpression(parsing: "0 1 * * *"),
                timeZone: Self.utc, autoStart: autoStart, tokenRefreshEnabled: tokens),
            clock: fixture.clock, queuePolicy: QueuePolicy(), log: log)
    }

    private func succeededRun(_ fixture: TestDatabase, platform: Int64, startedAt: Int64) throws {
        try fixture.db.run(
            "INSERT INTO sync_runs (platform_id, trigger, status, started_at) VALUES (?, 'schedule', 'succeeded', ?)",
            [platform, startedAt])
    }

    @Test func tickEnqueuesOnlyDueActivePlatformsAndPersistsTheFire() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        let daily = try fixture.insertPlatform(name: "daily", frequencyHours: 24)
        let weekly = try fixture.insertPlatform(name: "weekly", frequencyHours: 168)
        _ = try fixture.insertPlatform(name: "off", frequencyHours: 24, active: false)
        try succeededRun(fixture, platform: weekly, startedAt: Self.midnight - 24 * Self.hourMs)
        let scheduler = try service(fixture)

        #expect(try scheduler.tick(db: fixture.db, isStartup: true).isEmpty)  // initialises
        fixture.clock.advance(byMs: Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)  // 01:00, before the fire
        fixture.clock.advance(byMs: Self.hourMs)
        let created = try scheduler.tick(db: fixture.db, isStartup: false)
        #expect(created.map(\.platformId) == [daily])
        #expect(created.first?.trigger == .schedule)
        #expect(try SettingsStore(db: fixture.db).int64(SettingKey.schedulerLastFire) == fixture.clock.nowMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)  // same minute: nothing twice
    }

    @Test func aPlatformWhoseRunsEndPartialIsDueAgainOnlyAfterItsFrequency() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        let platform = try fixture.insertPlatform(name: "daily", frequencyHours: 24)
        // Its last run completed with some invalid items: partial, started at midnight.
        try fixture.db.run(
            "INSERT INTO sync_runs (platform_id, trigger, status, started_at) VALUES (?, 'schedule', 'partial', ?)",
            [platform, Self.midnight])
        try fixture.db.run("UPDATE platforms SET last_success_at = ? WHERE id = ?", [Self.midnight + 60_000, platform])
        let scheduler = try service(fixture, cron: "0 * * * *")
        #expect(try scheduler.tick(db: fixture.db, isStartup: true).isEmpty)  // initialises

        // Hourly ticks: not due again before the 24 hours (less the one-hour grace) have passed.
        for hour in 1...22 {
            fixture.clock.set(nowMs: Self.midnight + Int64(hour) * Self.hourMs)
            #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty, "enqueued at \(hour):00")
        }
        #expect(try fixture.db.first("SELECT count(*) FROM jobs") { $0.int(0) } == 0)
        let summary = try #require(try PlatformSummary.all(db: fixture.db).first)
        #expect(summary.nextDue == .at(Self.midnight + 23 * Self.hourMs))

        fixture.clock.set(nowMs: Self.midnight + 23 * Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).map(\.platformId) == [platform])
    }

    @Test func failedRunsDoNotCountAndPrunedRunsFallBackToTheLastSuccess() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        let platform = try fixture.insertPlatform(name: "daily", frequencyHours: 24)
        // Retention pruned its completed runs; a failed one is left, newer than the last success.
        try fixture.db.run(
            "UPDATE platforms SET last_success_at = ? WHERE id = ?", [Self.midnight - 2 * Self.hourMs, platform])
        try fixture.db.run(
            "INSERT INTO sync_runs (platform_id, trigger, status, started_at) VALUES (?, 'schedule', 'failed', ?)",
            [platform, Self.midnight - Self.hourMs])
        let summary = try #require(try PlatformSummary.all(db: fixture.db).first)
        #expect(summary.nextDue == .at(Self.midnight + 21 * Self.hourMs))

        let scheduler = try service(fixture)
        _ = try scheduler.tick(db: fixture.db, isStartup: true)
        fixture.clock.advance(byMs: 2 * Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)  // 02:00: synced 4 hours ago
    }

    @Test func anAbsurdFrequencyIsNeverDueIsLoggedAndDoesNotStopTheOthers() throws {
        #expect(SchedulerPlan.nextDue(frequencyHours: 10_000_000_000_000_000, lastCompletedStartMs: 0) == .never)
        #expect(SchedulerPlan.nextDue(frequencyHours: Int.max, lastCompletedStartMs: nil) == .never)
        #expect(SchedulerPlan.nextDue(frequencyHours: 0, lastCompletedStartMs: nil) == .never)
        #expect(SchedulerPlan.nextDue(frequencyHours: 1_000, lastCompletedStartMs: Int64.max - 1) == .never)
        #expect(!SchedulerPlan.isDue(frequencyHours: Int.max, lastCompletedStartMs: Self.midnight, nowMs: .max))

        let fixture = try TestDatabase(nowMs: Self.midnight)
        // An old database's row, written before the frequency was validated.
        let absurd = try fixture.insertPlatform(name: "absurd", frequencyHours: 10_000_000_000_000_000)
        let daily = try fixture.insertPlatform(name: "daily", frequencyHours: 24)
        try succeededRun(fixture, platform: absurd, startedAt: Self.midnight - 48 * Self.hourMs)
        let lines = LogLines()
        let scheduler = try service(fixture, log: lines.log)
        _ = try scheduler.tick(db: fixture.db, isStartup: true)
        fixture.clock.advance(byMs: 2 * Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).map(\.platformId) == [daily])
        #expect(lines.warnings.contains { $0.contains("absurd") && $0.contains("10000000000000000") })
        let summaries = try PlatformSummary.all(db: fixture.db)
        #expect(summaries.first { $0.name == "absurd" }?.nextDue == .never)
        #expect(summaries.first { $0.name == "absurd" }?.nextDueAtMs == nil)
    }

    @Test func restartAfterDowntimeEnqueuesOneCatchUpRun() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        let platform = try fixture.insertPlatform(name: "daily")
        let scheduler = try service(fixture)
        _ = try scheduler.tick(db: fixture.db, isStartup: true)
        fixture.clock.advance(byMs: 5 * 24 * Self.hourMs)  // the engine was down for five days
        let created = try scheduler.tick(db: fixture.db, isStartup: true)
        #expect(created.count == 1)
        #expect(created.first?.platformId == platform)
        #expect(created.first?.trigger == .startupCatchUp)
        #expect(try fixture.db.first("SELECT count(*) FROM jobs") { $0.int(0) } == 1)
    }

    @Test func aStoppedSchedulerEnqueuesNothingAndTheSavedCronWins() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        _ = try fixture.insertPlatform(name: "daily")
        let settings = SettingsStore(db: fixture.db)
        let scheduler = try service(fixture)
        try settings.set(SettingKey.schedulerEnabled, "false", nowMs: 0)
        try settings.set(SettingKey.schedulerLastFire, String(Self.midnight), nowMs: 0)
        fixture.clock.advance(byMs: 3 * Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)

        try settings.set(SettingKey.schedulerEnabled, "true", nowMs: 0)
        try settings.set(SettingKey.schedulerCron, "30 3 * * *", nowMs: 0)
        #expect(try scheduler.effectiveSyncCron(settings).source == "30 3 * * *")
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)  // 03:00 < 03:30
        fixture.clock.advance(byMs: Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).count == 1)
    }

    @Test func autoStartOffLeavesANeverStartedSchedulerStopped() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        _ = try fixture.insertPlatform(name: "daily")
        let scheduler = try service(fixture, autoStart: false)
        _ = try scheduler.tick(db: fixture.db, isStartup: true)
        fixture.clock.advance(byMs: 3 * Self.hourMs)
        #expect(try scheduler.tick(db: fixture.db, isStartup: false).isEmpty)
        #expect(try SettingsStore(db: fixture.db).int64(SettingKey.schedulerLastFire) == nil)
    }

    @Test func theTokenSlotEnqueuesOneGlobalRefreshOnItsOwnCron() throws {
        let fixture = try TestDatabase(nowMs: Self.midnight)
        let scheduler = try service(fixture, tokens: true)
        _ = try scheduler.tick(db: fixture.db, isStartup: true)
        fixture.clock.advance(byMs: Self.hourMs)
        let created = try scheduler.tick(db: fixture.db, isStartup: false)
        #expect(created.map(\.kind) == [.tokenRefresh])
        #expect(created.first?.platformId == nil)
    }
}
