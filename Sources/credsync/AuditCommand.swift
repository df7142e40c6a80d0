import CredSyncCore

/// `credsync audit [--limit N] [--json]`: the audit log, newest first. Details were redacted when recorded.
enum AuditCommand {
    static let usage = "credsync audit [--limit N] [--json]"

    struct EventJSON: Encodable {
        let event: AuditEvent

        enum CodingKeys: String, CodingKey { case id, at, actor, action, target, details }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(event.id, forKey: .id)
            try container.encode(Timestamp.iso8601(event.atMs), forKey: .at)
            try container.encode(event.actor, forKey: .actor)
            try container.encode(event.action, forKey: .action)
            try container.encode(event.target, forKey: .target)
            try container.encode(JSONValue.object(event.details), forKey: .details)
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--limit"], flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: usage)
        let db = try environment.openDatabase(try environment.settings())
        let events = try AuditLog(db: db, clock: SystemClock(), actor: environment.actor).entries(
            limit: try parsed.intOption("--limit", in: 1...1_000_000) ?? 50)
        if parsed.flag("--json") { return try Output.json(events.map(EventJSON.init)) }
        guard !events.isEmpty else {
            Output.line("the audit log is empty")
            return 0
        }
        Output.table(
            ["AT", "ACTOR", "ACTION", "TARGET", "DETAILS"],
            events.map {
                [
                    Timestamp.iso8601($0.atMs), $0.actor, $0.action, $0.target ?? "-",
                    $0.details.count == 0 ? "" : JSONValue.object($0.details).serialized,
                ]
            })
        return 0
    }
}
