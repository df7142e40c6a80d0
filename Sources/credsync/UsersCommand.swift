import CredSyncCore
import Foundation

/// `credsync users import FILE` (csv or jsonl: external_ref,name,email,phone) and `users list [--search Q] [--json]`.
enum UsersCommand {
    static let usage =
        "credsync users import FILE [--match-by email|phone] [--strict] | users list [--search Q] [--limit N] [--json]"

    struct UserJSON: Encodable {
        let id: Int64
        let externalRef: String?
        let name: String
        let email: String?
        let phone: String?
        let createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, email, phone
            case externalRef = "external_ref", createdAt = "created_at"
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(
            arguments, options: ["--search", "--limit", "--format", "--match-by"], flags: ["--json", "--strict"])
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        switch parsed.positionals.first {
        case "import":
            try parsed.expectPositionals(atMost: 2, usage: usage)
            guard parsed.positionals.count == 2 else { throw Arguments.UsageError(description: "usage: \(usage)") }
            let path = parsed.positionals[1]
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read \(path); check the path and its permissions")
            }
            var format = UserImport.format(ofPath: path)
            if let name = parsed.option("--format") {
                guard let chosen = UserImport.Format(rawValue: name) else {
                    throw Arguments.UsageError(description: "--format \(name): expected csv or jsonl")
                }
                format = chosen
            }
            var identity = UserImport.Identity.externalRef
            if let name = parsed.option("--match-by") {
                guard let chosen = UserImport.Identity(rawValue: name), chosen != .externalRef else {
                    throw Arguments.UsageError(description: "--match-by \(name): expected email or phone")
                }
                identity = chosen
            }
            let file: UserImport
            do {
                file = try UserImport(
                    text: String(decoding: data, as: UTF8.self), format: format,
                    phoneNormalizer: environment.phoneNormalizer(settings), identity: identity,
                    strict: parsed.flag("--strict"))
            } catch let problems as UserImport.Problems {
                throw Arguments.UsageError(description: "\(path): \(problems.description)")
            }
            for shared in file.sharedIdentifiers {
                Output.note("warning: \(path): \(shared.description); those users conflict (refuse such files with --strict)")
            }
            let summary = try environment.operations(settings, db).importUsers(file, source: path)
            var line =
                "imported \(file.rows.count) users from \(path): \(summary.created) new, \(summary.updated) updated; "
                + "\(summary.autoMatched) pending credentials matched"
            if summary.sharedEmails + summary.sharedPhones > 0 {
                line += "; \(summary.sharedEmails) emails and \(summary.sharedPhones) phones now belong to more than one "
                    + "user, leaving \(summary.ambiguousCredentials) pending credentials ambiguous"
            }
            Output.line(line)
        case "list", nil:
            try parsed.expectPositionals(atMost: 1, usage: usage)
            let users = try environment.operations(settings, db).searchUsers(
                parsed.option("--search"), limit: try parsed.intOption("--limit", in: 1...1_000_000) ?? 100)
            if parsed.flag("--json") {
                return try Output.json(
                    users.map {
                        UserJSON(
                            id: $0.id, externalRef: $0.externalRef, name: $0.name, email: $0.email, phone: $0.phone,
                            createdAt: Timestamp.iso8601($0.createdAtMs))
                    })
            }
            guard !users.isEmpty else {
                Output.line("no users; import them with 'credsync users import users.csv'")
                return 0
            }
            Output.table(
                ["ID", "REF", "NAME", "EMAIL", "PHONE"],
                users.map { [String($0.id), $0.externalRef ?? "-", $0.name, $0.email ?? "-", $0.phone ?? "-"] })
        case let other?:
            throw Arguments.UsageError(description: "unknown users action '\(other)'; usage: \(usage)")
        }
        return 0
    }
}
