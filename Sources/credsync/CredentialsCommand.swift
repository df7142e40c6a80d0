import CredSyncCore
import Foundation

/// `credsync credentials`, `claim`, `reject` and `export`.
enum CredentialsCommand {
    static let listUsage = "credsync credentials [--status S] [--platform P] [--search Q] [--limit N] [--json]"
    static let claimUsage = "credsync claim CREDENTIAL_ID USER (id, email or phone) | claim --undo CREDENTIAL_ID"
    static let rejectUsage = "credsync reject CREDENTIAL_ID [--reason R]"
    static let exportUsage = "credsync export [--status S] [--platform P] [--format jsonl|csv]"

    static func filter(
        _ parsed: Arguments, _ db: Connection, phones: PhoneNormalizer, limit: Int
    ) throws -> CredentialStore.Filter {
        var filter = CredentialStore.Filter(
            search: parsed.option("--search").flatMap { CredentialSearch($0, phones: phones) }, limit: limit)
        if let status = parsed.option("--status") {
            guard let known = Credential.Status(rawValue: status) else {
                throw Arguments.UsageError(description: "--status \(status): expected pending, matched or rejected")
            }
            filter.status = known
        }
        if let name = parsed.option("--platform") {
            filter.platformId = try PlatformStore(db: db, clock: SystemClock()).require(name).id
        }
        return filter
    }

    static func list(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--status", "--platform", "--search", "--limit"], flags: ["--json"])
        try parsed.expectPositionals(atMost: 0, usage: listUsage)
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let credentials = try CredentialStore(db: db, clock: SystemClock()).credentials(
            try filter(
                parsed, db, phones: environment.phoneNormalizer(settings),
                limit: try parsed.intOption("--limit", in: 1...1_000_000) ?? 100))
        if parsed.flag("--json") { return try Output.json(credentials) }
        guard !credentials.isEmpty else {
            Output.line("no credentials match")
            return 0
        }
        Output.table(
            ["ID", "PLATFORM", "EXTERNAL ID", "STATUS", "LEARNER", "TITLE", "NOTE"],
            credentials.map {
                [
                    String($0.id), $0.platformName, $0.externalId, $0.status.rawValue + ($0.matchedBy.map { " (\($0))" } ?? ""),
                    [$0.learnerName, $0.learnerEmail ?? $0.learnerPhone].compactMap { $0 }.joined(separator: " "),
                    String(($0.title ?? "").prefix(40)), $0.matchNote ?? "",
                ]
            })
        return 0
    }

    static func claim(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--undo", "--json"])
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        if parsed.flag("--undo") {
            try parsed.expectPositionals(atMost: 1, usage: claimUsage)
            guard let id = parsed.positionals.first.flatMap({ Int64($0) }) else {
                throw Arguments.UsageError(description: "usage: \(claimUsage)")
            }
            let credential = try environment.operations(settings, db).undoDecision(id)
            Output.line("credential \(id) is \(credential.status.rawValue) again")
            return 0
        }
        try parsed.expectPositionals(atMost: 2, usage: claimUsage)
        guard parsed.positionals.count == 2, let id = Int64(parsed.positionals[0]) else {
            throw Arguments.UsageError(description: "usage: \(claimUsage)")
        }
        let (_, user) = try environment.operations(settings, db).claim(id, user: parsed.positionals[1])
        Output.line("credential \(id) claimed for \(user.name.isEmpty ? "user \(user.id)" : user.name) (user \(user.id)); undo with 'credsync claim --undo \(id)'")
        return 0
    }

    static func reject(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--reason"])
        try parsed.expectPositionals(atMost: 1, usage: rejectUsage)
        guard let id = parsed.positionals.first.flatMap({ Int64($0) }) else {
            throw Arguments.UsageError(description: "usage: \(rejectUsage)")
        }
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        _ = try environment.operations(settings, db).reject(id, reason: parsed.option("--reason"))
        Output.line("credential \(id) rejected; undo with 'credsync claim --undo \(id)'")
        return 0
    }

    /// Streams every matching credential, a page at a time, as JSON Lines or CSV on stdout.
    static func export(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, options: ["--status", "--platform", "--format", "--search"])
        try parsed.expectPositionals(atMost: 0, usage: exportUsage)
        let format = parsed.option("--format") ?? "jsonl"
        guard format == "jsonl" || format == "csv" else {
            throw Arguments.UsageError(description: "--format \(format): expected jsonl or csv")
        }
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let store = CredentialStore(db: db, clock: SystemClock())
        var filter = try filter(parsed, db, phones: environment.phoneNormalizer(settings), limit: 5_000)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = FileHandle.standardOutput
        let redactor = SecretRegistry.shared.redactor
        if format == "csv" { print(Credential.exportFields.joined(separator: ","), to: &output) }
        while true {
            let page = try store.credentials(filter)
            for credential in page {
                let line =
                    format == "csv"
                    ? credential.exportValues.map(csvField).joined(separator: ",")
                    : String(decoding: try encoder.encode(credential), as: UTF8.self)
                print(redactor.redact(line, mode: .document), to: &output)
            }
            guard page.count == filter.limit, let last = page.last else { break }
            filter.afterId = last.id
        }
        return 0
    }

    private static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) {
        write(Data(string.utf8))
    }
}
