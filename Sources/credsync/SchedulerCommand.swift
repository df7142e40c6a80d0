import CredSyncCore
import Foundation

/// `credsync scheduler start [--cron EXPR] | stop | status [--json]`
enum SchedulerCommand {
    static let usage = "credsync scheduler start [--cron EXPR] | stop | status [--json]"

    struct Status: Encodable {
        let enabled: Bool
        let cron: String
        let timezone: String
        let nextRun: String?
        let lastRun: String?
        let tokenRefreshCron: String
        let nextTokenRefresh: String?
        let engine: String?

        enum CodingKeys: String, CodingKey {
            case enabled, cron, timezone, engine
            case nextRun = "next_run", lastRun = "last_tick"
            case tokenRefreshCron = "token_refresh_cron", nextTokenRefresh = "next_token_refresh"
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        guard let action = arguments.first else { throw Arguments.UsageError(description: "usage: \(usage)") }
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["--cron"], flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: usage)
        let settings = try environment.settings()
        let clock = SystemClock()
        let db = try environment.openDatabase(settings)
        let store = SettingsStore(db: db)
        let service = SchedulerService(
            configuration: try SchedulerService.Configuration(settings: settings, tokenRefreshEnabled: true),
            clock: clock, queuePolicy: QueuePolicy(settings: settings))
        switch action {
        case "start":
            var cronText: String?
            if let text = parsed.option("--cron") {
                do {
                    cronText = try CronExpression(parsing: text).source
                } catch {
                    throw Arguments.UsageError(description: String(describing: error))
                }
            }
            try db.transaction(.immediate) {
                if let cronText { try store.set(SettingKey.schedulerCron, cronText, nowMs: clock.nowMs) }
                try store.set(SettingKey.schedulerEnabled, "true", nowMs: clock.nowMs)
                // Starting counts from now: no catch-up for the time it was stopped.
                try store.set(SettingKey.schedulerLastFire, String(clock.nowMs), nowMs: clock.nowMs)
                var details: JSONObject = [:]
                if let cronText { details["cron"] = .string(cronText) }
                try environment.audit(db).record("scheduler.start", target: "scheduler", details: details)
            }
            let status = try status(service, store, db, settings)
            Output.line(
                "scheduler started: '\(status.cron)' in \(status.timezone); next run \(status.nextRun ?? "never")")
        case "stop":
            try db.transaction(.immediate) {
                try store.set(SettingKey.schedulerEnabled, "false", nowMs: clock.nowMs)
                try environment.audit(db).record("scheduler.stop", target: "scheduler")
            }
            Output.line("scheduler stopped; queued jobs still run. Start it again with 'credsync scheduler start'.")
        case "status":
            let status = try status(service, store, db, settings)
            if parsed.flag("--json") {
                try Output.json(status)
            } else {
                Output.line("scheduler:     \(status.enabled ? "running" : "stopped")")
                Output.line("cron:          \(status.cron) (\(status.timezone))")
                Output.line("next run:      \(status.nextRun ?? "-")")
                Output.line("last tick:     \(status.lastRun ?? "-")")
                Output.line("token refresh: \(status.tokenRefreshCron), next \(status.nextTokenRefresh ?? "-")")
                Output.line("engine:        \(status.engine ?? "none running; start one with 'credsync daemon'")")
            }
        default:
            throw Arguments.UsageError(description: "unknown scheduler action '\(action)'; usage: \(usage)")
        }
        return 0
    }

    private static func status(
        _ service: SchedulerService, _ store: SettingsStore, _ db: Connection, _ settings: Settings
    )
        throws -> Status
    {
        let zone = settings.syncTimeZone
        let enabled = try store.bool(SettingKey.schedulerEnabled) ?? settings.syncAutoStart
        let cron = try service.effectiveSyncCron(store)
        let now = Date()
        let next = enabled ? cron.nextFire(after: now, in: zone).map { ISO8601Offset.format($0, in: zone) } : nil
        let tokenCron = service.configuration.tokenRefreshCron
        let nextToken =
            enabled ? tokenCron.nextFire(after: now, in: zone).map { ISO8601Offset.format($0, in: zone) } : nil
        let last = try store.int64(SettingKey.schedulerLastFire).map {
            ISO8601Offset.format(Date(timeIntervalSince1970: Double($0) / 1000), in: zone)
        }
        let lease = try EngineLeaseStore(db: db, clock: SystemClock()).current()
        let engine = lease.flatMap { $0.expiresAtMs > SystemClock().nowMs ? "pid \($0.pid) on \($0.host)" : nil }
        return Status(
            enabled: enabled, cron: cron.source, timezone: zone.identifier, nextRun: next, lastRun: last,
            tokenRefreshCron: tokenCron.source, nextTokenRefresh: nextToken, engine: engine)
    }
}
