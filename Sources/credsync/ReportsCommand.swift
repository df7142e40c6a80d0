import CredSyncCore
import Foundation

/// `credsync logs`, `stats` and `alerts`.
enum ReportsCommand {
    struct RunJSON: Encodable {
        let run: SyncRun

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            let r = run
            try container.encode(r.id, forKey: "id")
            try container.encode(r.platformName, forKey: "platform")
            try container.encode(r.jobId, forKey: "job_id")
            try container.encode(r.trigger.rawValue, forKey: "trigger")
            try container.encode(r.status.rawValue, forKey: "status")
            try container.encode(Timestamp.iso8601(r.startedAtMs), forKey: "started_at")
            try container.encode(r.finishedAtMs.map(Timestamp.iso8601), forKey: "finished_at")
            try container.encode(r.durationMs, forKey: "duration_ms")
            for (name, value) in [
                ("pages", r.pages), ("fetched", r.fetched), ("created", r.created), ("updated", r.updated),
                ("unchanged", r.unchanged), ("matched", r.matched), ("pending", r.pending), ("invalid", r.invalid),
            ] {
                try container.encode(value, forKey: Key(stringValue: name))
            }
            try container.encode(r.error, forKey: "error")
            try container.encode(r.invalidReasons, forKey: "invalid_reasons")
        }
    }

    struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init(stringLiteral value: String) { stringValue = value }
        init?(intValue: Int) { nil }
    }

    static func logs(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--platform", "--limit"], flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: "credsync logs [--platform P] [--limit N] [--json]")
        let db = try environment.openDatabase(try environment.settings())
        let platformId = try parsed.option("--platform").map { try PlatformStore(db: db, clock: SystemClock()).require($0).id }
        let runs = try SyncRunStore(db: db, clock: SystemClock()).runs(
            platformId: platformId, limit: try parsed.intOption("--limit", in: 1...100_000) ?? 20)
        if parsed.flag("--json") { return try Output.json(runs.map(RunJSON.init)) }
        guard !runs.isEmpty else {
            Output.line("no sync runs yet; start one with 'credsync sync PLATFORM'")
            return 0
        }
        Output.table(
            ["RUN", "PLATFORM", "STARTED", "TRIGGER", "STATUS", "TOOK", "FETCHED", "NEW", "UPD", "SAME", "MATCHED", "PENDING", "INVALID", "ERROR"],
            runs.map {
                [
                    String($0.id), $0.platformName, Timestamp.iso8601($0.startedAtMs), $0.trigger.rawValue, $0.status.rawValue,
                    $0.durationMs.map(Timestamp.duration) ?? "-", String($0.fetched), String($0.created), String($0.updated),
                    String($0.unchanged), String($0.matched), String($0.pending), String($0.invalid),
                    $0.error.map { String($0.prefix(80)) } ?? ($0.invalidReasons.first.map { "invalid: \($0.prefix(70))" } ?? ""),
                ]
            })
        return 0
    }

    static func stats(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: "credsync stats [--json]")
        let db = try environment.openDatabase(try environment.settings())
        let stats = try Statistics.read(db: db)
        let credentials = stats.credentials
        let finished = stats.runs
        if parsed.flag("--json") { return try Output.json(stats) }
        let total = credentials.values.reduce(0, +)
        Output.line("platforms     \(stats.platforms)")
        Output.line("users         \(stats.users)")
        Output.line(
            "credentials   \(total) (\(credentials["matched"] ?? 0) matched, \(credentials["pending"] ?? 0) pending, "
                + "\(credentials["rejected"] ?? 0) rejected)")
        Output.line(
            "sync runs     \(finished)\(stats.successRate.map { String(format: ", %.1f%% succeeded", $0 * 100) } ?? "")")
        if let median = stats.medianDurationMs, let p95 = stats.p95DurationMs {
            Output.line("durations     median \(Timestamp.duration(median)), p95 \(Timestamp.duration(p95))")
        }
        Output.line("open alerts   \(stats.openAlerts)")
        return 0
    }

    struct AlertJSON: Encodable {
        let alert: Alert

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(alert.id, forKey: "id")
            try container.encode(alert.kind.rawValue, forKey: "kind")
            try container.encode(alert.platformName, forKey: "platform")
            try container.encode(alert.message, forKey: "message")
            try container.encode(Timestamp.iso8601(alert.raisedAtMs), forKey: "raised_at")
            try container.encode(alert.resolvedAtMs.map(Timestamp.iso8601), forKey: "resolved_at")
            try container.encode(alert.acknowledgedAtMs.map(Timestamp.iso8601), forKey: "acknowledged_at")
        }
    }

    static func alerts(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let usage = "credsync alerts [--all] [--json] | alerts ack ID"
        let parsed = try Arguments(arguments, flags: ["--json", "--all"])
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let store = AlertStore(db: db, clock: SystemClock())
        if parsed.positionals.first == "ack" {
            try parsed.expectPositionals(atMost: 2, usage: usage)
            guard parsed.positionals.count == 2, let id = Int64(parsed.positionals[1]) else {
                throw Arguments.UsageError(description: "usage: \(usage)")
            }
            let alert = try environment.operations(settings, db).acknowledgeAlert(id)
            Output.line("alert \(id) (\(alert.kind.rawValue)) acknowledged; it resolves when its condition clears")
            return 0
        }
        try parsed.expectPositionals(atMost: 0, usage: usage)
        let alerts = try store.alerts(includeResolved: parsed.flag("--all"))
        if parsed.flag("--json") { return try Output.json(alerts.map(AlertJSON.init)) }
        guard !alerts.isEmpty else {
            Output.line(parsed.flag("--all") ? "no alerts" : "no open alerts")
            return 0
        }
        Output.table(
            ["ID", "KIND", "PLATFORM", "RAISED", "STATE", "MESSAGE"],
            alerts.map {
                [
                    String($0.id), $0.kind.rawValue, $0.platformName ?? "-", Timestamp.iso8601($0.raisedAtMs),
                    $0.resolvedAtMs != nil ? "resolved" : ($0.acknowledgedAtMs != nil ? "acknowledged" : "open"), $0.message,
                ]
            })
        return 0
    }
}
