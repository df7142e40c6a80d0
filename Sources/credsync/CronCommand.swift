import CredSyncCore
import Foundation

/// `credsync cron next EXPR [--from ISO8601] [--count N] [--tz ZONE] [--json]`
enum CronCommand {
    static let usage = "credsync cron next EXPR [--from ISO8601] [--count N] [--tz ZONE] [--json]"

    struct Result: Encodable {
        let expression: String
        let timezone: String
        let next: [String]
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        guard arguments.first == "next" else {
            throw Arguments.UsageError(description: "usage: \(usage)")
        }
        let parsed = try Arguments(
            Array(arguments.dropFirst()), options: ["--from", "--count", "--tz"], flags: ["--json"])
        guard !parsed.positionals.isEmpty else {
            throw Arguments.UsageError(description: "missing the cron expression; usage: \(usage)")
        }
        // An unquoted expression arrives as five words: accept it the same.
        let text = parsed.positionals.joined(separator: " ")
        let expression: CronExpression
        do {
            expression = try CronExpression(parsing: text)
        } catch {
            throw Arguments.UsageError(description: String(describing: error))
        }
        let zone: TimeZone
        let zoneName: String
        if let name = parsed.option("--tz") {
            zoneName = name
            guard let named = TimeZone(identifier: name) else {
                throw Arguments.UsageError(
                    description: "--tz \(name): unknown time zone; use an IANA name such as Europe/London")
            }
            zone = named
        } else {
            zone = (try? environment.settings().syncTimeZone) ?? .current
            zoneName = zone.identifier
        }
        var from = Date()
        if let text = parsed.option("--from") {
            guard let date = ISO8601Offset.parse(text, defaultZone: zone) else {
                throw Arguments.UsageError(
                    description: "--from \(text): expected ISO-8601 such as 2026-03-08T01:30:00-05:00")
            }
            from = date
        }
        let count = try parsed.intOption("--count", in: 1...1_000) ?? 5
        let fires = expression.nextFires(after: from, in: zone, count: count)
        let lines = fires.map { ISO8601Offset.format($0, in: zone) }
        if parsed.flag("--json") {
            try Output.json(Result(expression: expression.source, timezone: zoneName, next: lines))
        } else {
            lines.forEach { Output.line($0) }
            if lines.isEmpty { Output.error("'\(text)' never fires (no such date)") }
        }
        return 0
    }
}
