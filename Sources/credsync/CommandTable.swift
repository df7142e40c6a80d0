import CredSyncCore

/// One command as `credsync help`, the shell completions and the man page describe it: its forms with what each
/// does, and the words that may follow it (subcommands, options that take a value, flags).
struct CommandSpec {
    /// Where help and the man page list the command.
    enum Section: String, CaseIterable {
        case start = ""
        case platforms = "Platforms and credentials"
        case engine = "Engine"
        case tokens = "Tokens and keys"
        case monitoring = "Monitoring"
        case tools = "Tools"
    }

    /// One way to call the command: what follows `credsync` and its summary (lines after the first continue it).
    struct Form {
        let synopsis: String
        let summary: [String]

        init(_ synopsis: String, _ summary: String...) {
            self.synopsis = synopsis
            self.summary = summary
        }
    }

    let name: String
    let section: Section
    let forms: [Form]
    var subcommands: [String] = []
    var options: [String] = []
    var flags: [String] = []
    /// The first subcommand must come before any option (`scheduler`, `cron`).
    var subcommandFirst = false
    /// Listed in help only, not a word to complete (the dashboard's "(no command)").
    var isCommand = true

    /// The first line of the first form's summary: the command's one-line description.
    var summary: String { forms.first?.summary.first ?? "" }
}

/// The one description of credsync's command line: help, completions and the man page are generated from it (the
/// commands' own parsers declare the same options; `CommandTableTests` runs each against the binary).
enum CommandTable {
    /// Options every command takes, each with a value.
    static let globalOptions = ["--db", "--env-file", "--log"]
    /// Options whose value is a file: completions offer file names after them.
    static let fileOptions: Set<String> = ["--db", "--env-file", "--log", "--file", "--secret-file"]
    static let shells = ["bash", "zsh", "fish"]

    static let commands: [CommandSpec] = [
        CommandSpec(
            name: "", section: .start,
            forms: [.init("(no command)", "the dashboard: engine if the database is free, else a viewer")],
            isCommand: false),
        CommandSpec(
            name: "demo", section: .start,
            forms: [.init("demo [--db PATH]", "the dashboard over a demo database with simulated platforms")]),

        // MARK: Platforms and credentials
        CommandSpec(
            name: "platforms", section: .platforms,
            forms: [
                .init(
                    "platforms list | show NAME | add | edit NAME | enable NAME | disable NAME | remove NAME --yes",
                    "manage platforms", "(add/edit: --file platform.json or flags;",
                    "secrets from --secret-file F, --secret-stdin or a prompt)"),
                .init(
                    "platforms test NAME | test --file platform.json [--secret-file F | --secret-stdin] [--json]",
                    "fetch the first page and show what each item would become;", "stores nothing"),
            ],
            subcommands: ["list", "show", "add", "edit", "enable", "disable", "remove", "test"],
            options: [
                "--file", "--name", "--display-name", "--type", "--adapter", "--url", "--api-version", "--auth",
                "--frequency", "--config", "--secret-file", "--reason",
            ],
            flags: ["--json", "--secret-stdin", "--yes"]),
        CommandSpec(
            name: "sync", section: .platforms,
            forms: [
                .init(
                    "sync [PLATFORM…|--all] [--full] [--wait]",
                    "queue manual syncs; --wait follows them (runs an engine if none)")
            ],
            flags: ["--all", "--full", "--wait"]),
        CommandSpec(
            name: "users", section: .platforms,
            forms: [
                .init(
                    "users import FILE [--match-by email|phone] [--strict] | list [--search Q]",
                    "users credentials are matched to (csv or jsonl)")
            ],
            subcommands: ["import", "list"], options: ["--search", "--limit", "--format", "--match-by"],
            flags: ["--json", "--strict"]),
        CommandSpec(
            name: "credentials", section: .platforms,
            forms: [.init("credentials [--status S] [--platform P] [--search Q] [--limit N]", "stored credentials")],
            options: ["--status", "--platform", "--search", "--limit"], flags: ["--json"]),
        CommandSpec(
            name: "claim", section: .platforms,
            forms: [
                .init("claim CREDENTIAL_ID USER | claim --undo CREDENTIAL_ID", "match a credential to a user, or undo")
            ],
            flags: ["--undo", "--json"]),
        CommandSpec(
            name: "reject", section: .platforms,
            forms: [.init("reject CREDENTIAL_ID [--reason R]", "reject a pending credential")], options: ["--reason"]),
        CommandSpec(
            name: "export", section: .platforms,
            forms: [.init("export [--status S] [--platform P] [--format jsonl|csv]", "credentials as jsonl or csv")],
            options: ["--status", "--platform", "--format", "--search"]),
        CommandSpec(
            name: "logs", section: .platforms,
            forms: [.init("logs [--platform P] [--limit N]", "the sync log, newest first")],
            options: ["--platform", "--limit"], flags: ["--json"]),
        CommandSpec(
            name: "stats", section: .platforms, forms: [.init("stats", "success rate, counts, durations")],
            flags: ["--json"]),
        CommandSpec(
            name: "alerts", section: .platforms, forms: [.init("alerts [--all] | alerts ack ID", "open alerts")],
            subcommands: ["ack"], flags: ["--json", "--all"]),
        CommandSpec(
            name: "audit", section: .platforms,
            forms: [
                .init("audit [--limit N] [--json]", "who changed what: platforms, secrets, tokens, keys, queue")
            ],
            options: ["--limit"], flags: ["--json"]),

        // MARK: Engine
        CommandSpec(
            name: "daemon", section: .engine,
            forms: [.init("daemon", "run the engine headless (scheduler, queue, workers); speaks sd_notify")]),
        CommandSpec(
            name: "jobs", section: .engine,
            forms: [
                .init("jobs [--state S] [--limit N] [--json]", "the queue, newest first"),
                .init("jobs cancel ID | retry ID", "cancel a job, or put a failed one back"),
                .init("jobs pause | resume", "stop or restart claiming jobs"),
            ],
            subcommands: ["cancel", "retry", "pause", "resume"], options: ["--state", "--limit"], flags: ["--json"]),
        CommandSpec(
            name: "scheduler", section: .engine,
            forms: [
                .init("scheduler start [--cron EXPR]", "start the scheduler (optionally with a new cron)"),
                .init("scheduler stop | status [--json]", "stop it, or show its state and next runs"),
            ],
            subcommands: ["start", "stop", "status"], options: ["--cron"], flags: ["--json"], subcommandFirst: true),

        // MARK: Tokens and keys
        CommandSpec(
            name: "tokens", section: .tokens,
            forms: [
                .init("tokens [--json]", "each platform's token: expiry, last refresh, state"),
                .init("tokens refresh PLATFORM…|--all", "refresh tokens now"),
            ],
            subcommands: ["refresh"], flags: ["--json", "--all"]),
        CommandSpec(
            name: "key", section: .tokens,
            forms: [
                .init("key rotate", "re-encrypt every stored secret under a new key"),
                .init("key status [--json]", "the key in force and any secret it cannot open"),
                .init("key reset --yes", "the key is lost: forget the sealed secrets and start a new key"),
            ],
            subcommands: ["rotate", "status", "reset"], flags: ["--json", "--yes"]),

        // MARK: Monitoring
        CommandSpec(
            name: "metrics", section: .monitoring,
            forms: [.init("metrics", "Prometheus text: runs, credentials, queue, tokens, alerts, engine")]),
        CommandSpec(
            name: "doctor", section: .monitoring,
            forms: [
                .init(
                    "doctor [--json]", "check key, database, engine, scheduler, platforms and tokens;",
                    "one line each with what to do (exit 1 when one fails)")
            ],
            flags: ["--json"]),

        // MARK: Tools
        CommandSpec(
            name: "cron", section: .tools,
            forms: [
                .init(
                    "cron next EXPR [--from ISO8601] [--count N] [--tz ZONE] [--json]",
                    "print the next fire times of a cron expression")
            ],
            subcommands: ["next"], options: ["--from", "--count", "--tz"], flags: ["--json"], subcommandFirst: true),
        CommandSpec(
            name: "config", section: .tools,
            forms: [.init("config [--json]", "every setting, its value and where it came from")], flags: ["--json"]),
        CommandSpec(
            name: "completions", section: .tools,
            forms: [.init("completions bash|zsh|fish", "print a shell completion script")],
            subcommands: CommandTable.shells, subcommandFirst: true),
        CommandSpec(
            name: "help", section: .tools, forms: [.init("help [--man]", "this help, or the man page as roff")],
            flags: ["--man"]),
        CommandSpec(name: "version", section: .tools, forms: [.init("version", "print the version")]),
    ]

    /// The commands a shell completes, in table order.
    static var completable: [CommandSpec] { commands.filter(\.isCommand) }

    // MARK: - Help

    /// `credsync help`.
    static var usage: String {
        var lines = ["usage: credsync [--db PATH] [--env-file FILE] [--log PATH] [COMMAND [ARGS]]"]
        for section in CommandSpec.Section.allCases {
            let forms = commands.filter { $0.section == section }.flatMap(\.forms)
            guard !forms.isEmpty else { continue }
            lines.append("")
            if !section.rawValue.isEmpty { lines.append("\(section.rawValue):") }
            for form in forms { lines += helpLines(form) }
        }
        lines.append("")
        lines.append("Exit status: 0 success, 1 failure, 2 usage error. Settings: credsync config, docs/operations.md.")
        return lines.joined(separator: "\n")
    }

    /// `  synopsis   summary`, the summary at column 42 (on the next line when the synopsis is longer).
    private static func helpLines(_ form: CommandSpec.Form) -> [String] {
        let column = 42
        let indent = String(repeating: " ", count: column)
        let left = "  \(form.synopsis)"
        var lines: [String] = []
        var summary = form.summary[...]
        if left.count <= column - 2, let first = summary.first {
            lines.append(left + String(repeating: " ", count: column - left.count) + first)
            summary = summary.dropFirst()
        } else {
            lines.append(left)
        }
        return lines + summary.map { indent + $0 }
    }
}
