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
        let workers: String?
        let cronProblem: String?

        enum CodingKeys: String, CodingKey {
            case enabled, cron, timezone, engine, workers
            case cronProblem = "cron_problem"
            case nextRun = "next_run", lastRun = "last_tick"
            case tokenRefreshCron = "token_refresh_cron", nextTokenRefresh = "next_token_refresh"
        }

        init(_ report: SchedulerReport) {
            let scheduler = report.scheduler
            let zone = TimeZone(identifier: scheduler.timeZone) ?? .current
            func time(_ ms: Int64?) -> String? {
                ms.map { ISO8601Offset.format(Date(timeIntervalSince1970: Double($0) / 1000), in: zone) }
            }
            enabled = scheduler.enabled
            cron = scheduler.cron
            cronProblem = scheduler.cronProblem
            timezone = scheduler.timeZone
            nextRun = time(scheduler.nextRunMs)
            lastRun = time(scheduler.lastTickMs)
            tokenRefreshCron = scheduler.tokenRefreshCron
            nextTokenRefresh = time(scheduler.nextTokenRefreshMs)
            engine = report.engine.map { "pid \($0.pid) on \($0.host)" }
            workers = report.engine.map { "\($0.workersBusy)/\($0.workersTotal)" }
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        guard let action = arguments.first else { throw Arguments.UsageError(description: "usage: \(usage)") }
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["--cron"], flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: usage)
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let operations = try environment.operations(settings, db)
        switch action {
        case "start":
            let report: SchedulerReport
            do {
                report = try operations.startScheduler(cron: parsed.option("--cron"))
            } catch let error as CronError {
                throw Arguments.UsageError(description: String(describing: error))
            }
            let status = Status(report)
            Output.line(
                "scheduler started: '\(status.cron)' in \(status.timezone); next run \(status.nextRun ?? "never")")
        case "stop":
            _ = try operations.stopScheduler()
            Output.line("scheduler stopped; queued jobs still run. Start it again with 'credsync scheduler start'.")
        case "status":
            let status = Status(try operations.schedulerStatus())
            if parsed.flag("--json") {
                try Output.json(status)
            } else {
                Output.line("scheduler:     \(status.enabled ? "running" : "stopped")")
                Output.line("cron:          \(status.cron) (\(status.timezone))")
                if let problem = status.cronProblem { Output.line("               \(problem)") }
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
}
