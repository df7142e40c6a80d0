import Testing

@testable import CredSyncCore

/// The sd_notify messages as a value: heartbeats in, datagrams out, time given.
@Suite struct SystemdNotificationsTests {
    static let scheduler = SchedulerStatus(
        enabled: true, cron: "0 2 * * *", cronProblem: nil, timeZone: "Asia/Kolkata",
        nextRunMs: 1_764_880_200_000,  // 2025-12-05T02:00+05:30
        tokenRefreshCron: "0 1 * * *", nextTokenRefreshMs: nil, lastTickMs: nil)

    static func status(busy: Int, scheduler: SchedulerStatus? = SystemdNotificationsTests.scheduler) -> EngineStatus {
        EngineStatus(holder: "h", pid: 1, host: "host", workersTotal: 5, workersBusy: busy, scheduler: scheduler)
    }

    let startMs: Int64 = 1_764_840_000_000  // 2025-12-04T09:20Z, 11 h 10 min before the next run

    @Test func readyComesOnceWithTheStatusThenChangesAndKeepAlivesFollow() {
        var notifications = SystemdNotifications(watchdogIntervalMs: 5_000)
        let beats: [(EngineHeartbeat, Int64)] = [
            (.running(Self.status(busy: 0)), startMs),
            (.running(Self.status(busy: 0)), startMs + 1_000),
            (.running(Self.status(busy: 3)), startMs + 2_000),
            (.running(nil), startMs + 5_000),
        ]
        let sent = beats.map { notifications.messages(for: $0.0, nowMs: $0.1) }
        #expect(
            sent == [
                ["READY=1\nSTATUS=0/5 workers busy · next run 02:00", "WATCHDOG=1"],
                [],
                ["STATUS=3/5 workers busy · next run 02:00"],
                ["WATCHDOG=1"],
            ])
        #expect(notifications.stopping().first?.hasPrefix("STOPPING=1\n") == true)
        #expect(notifications.messages(for: .running(Self.status(busy: 1)), nowMs: startMs + 20_000).isEmpty)
        #expect(notifications.stopping().isEmpty)
    }

    @Test func waitingForTheLeaseSaysWhoHoldsItAndIsNotReady() {
        var notifications = SystemdNotifications(watchdogIntervalMs: nil)
        let lease = EngineLease(holder: "x", pid: 77, host: "box", heartbeatAtMs: 0, expiresAtMs: 1)
        #expect(
            notifications.messages(for: .waiting(lease), nowMs: startMs)
                == ["STATUS=waiting: another engine (pid 77 on box) holds the database lease"])
        #expect(notifications.messages(for: .waiting(lease), nowMs: startMs + 1).isEmpty)
        #expect(notifications.messages(for: .running(nil), nowMs: startMs + 2) == ["READY=1"])
    }

    @Test func theStatusLineNamesAStoppedSchedulerAndADistantRunsDate() {
        var stopped = Self.scheduler
        stopped.enabled = false
        #expect(
            SystemdNotifications.statusLine(Self.status(busy: 2, scheduler: stopped), nowMs: startMs)
                == "2/5 workers busy · scheduler stopped")
        #expect(
            SystemdNotifications.statusLine(Self.status(busy: 2), nowMs: startMs - 86_400_000)
                == "2/5 workers busy · next run 2025-12-05 02:00")
    }
}
