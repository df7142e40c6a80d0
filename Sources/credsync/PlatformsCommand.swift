import CredSyncCore
import Foundation

/// `credsync platforms list|show|add|edit|enable|disable|remove|test`
enum PlatformsCommand {
    static let usage = """
        credsync platforms list [--json] | show NAME [--json] | add (--file platform.json | --name N --adapter A \
        --url URL [--auth T] [--frequency H] [--config JSON]…) [--secret-file F | --secret-stdin] | edit NAME [same] \
        | enable NAME | disable NAME [--reason R] | remove NAME --yes | test NAME | test --file platform.json [secrets]
        """

    static let definitionOptions: Set<String> = [
        "--file", "--name", "--display-name", "--type", "--adapter", "--url", "--api-version", "--auth", "--frequency",
        "--config", "--secret-file", "--reason",
    ]

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(
            arguments, options: definitionOptions, flags: ["--json", "--secret-stdin", "--yes"])
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        let store = PlatformStore(db: db, clock: SystemClock())
        let operations = try environment.operations(settings, db)
        let action = parsed.positionals.first ?? "list"
        let name = parsed.positionals.count > 1 ? parsed.positionals[1] : nil
        func requireName() throws -> String {
            guard let name else { throw Arguments.UsageError(description: "platforms \(action) needs a platform name") }
            try parsed.expectPositionals(atMost: 2, usage: usage)
            return name
        }
        switch action {
        case "list":
            try parsed.expectPositionals(atMost: 1, usage: usage)
            let summaries = try PlatformSummary.all(db: db)
            if parsed.flag("--json") { return try Output.json(summaries) }
            guard !summaries.isEmpty else {
                Output.line("no platforms; add one with 'credsync platforms add --file platform.json'")
                return 0
            }
            let now = SystemClock().nowMs
            Output.table(
                ["NAME", "ADAPTER", "STATE", "LAST SYNC", "LAST SUCCESS", "FAILS", "CREDENTIALS", "PENDING"],
                summaries.map {
                    [
                        $0.name, $0.adapter, $0.active ? "active" : "disabled",
                        $0.lastSyncAtMs.map { Timestamp.relative($0, nowMs: now) } ?? "never",
                        $0.lastSuccessAtMs.map { Timestamp.relative($0, nowMs: now) } ?? "never",
                        String($0.consecutiveFailures), String($0.credentials), String($0.pending),
                    ]
                })
        case "show":
            let platform = try operations.platform(.name(try requireName()))
            let summary = try PlatformSummary.all(db: db).first { $0.id == platform.id }!
            var box: SecretBox?
            do {
                box = try environment.existingSecretBox(settings)
            } catch {
                // The platform is still shown; the key's problem is named, not hidden.
                Output.note("secrets cannot be listed: \(OperatorMessage.of(error))")
            }
            let secretFields = box.flatMap { try? store.secrets(of: platform, box: $0).setFieldNames }
            let detail = PlatformDetail(summary: summary, platform: platform, secretFields: secretFields)
            if parsed.flag("--json") { return try Output.json(detail) }
            detail.print()
        case "add":
            try parsed.expectPositionals(atMost: 1, usage: usage)
            let changes = try changes(from: parsed)
            // Checked before asking for secrets, so nobody types a secret for a definition that will be refused.
            let definition = try changes.applied(to: nil)
            try definition.validate()
            let secrets = try SecretInput.read(parsed, authType: definition.authType, promptIfMissing: true)
            let platform = try operations.addPlatform(changes, secrets: secrets)
            Output.line("added platform '\(platform.name)' (\(platform.definition.adapter)); sync it with 'credsync sync \(platform.name)'")
        case "edit":
            let reference = PlatformReference.name(try requireName())
            let changes = try changes(from: parsed)
            let secrets = try SecretInput.read(parsed, authType: .none, promptIfMissing: false)
            let updated = try operations.editPlatform(reference, changes, secrets: secrets)
            Output.line("updated platform '\(updated.name)'; a running sync uses the new settings from its next page")
        case "test":
            return try PlatformsTestCommand.run(parsed, environment, operations: operations)
        case "enable", "disable":
            let active = action == "enable"
            let platform = try operations.setPlatformActive(
                .name(try requireName()), active: active, reason: parsed.option("--reason"))
            Output.line("platform '\(platform.name)' \(active ? "enabled" : "disabled")")
        case "remove":
            do {
                let removed = try operations.removePlatform(
                    .name(try requireName()), confirmed: parsed.flag("--yes"))
                Output.line("removed platform '\(removed.name)' and its \(removed.credentials) credentials")
            } catch OperationError.needsConfirmation(let question) {
                throw Arguments.UsageError(description: question)
            }
        default:
            throw Arguments.UsageError(description: "unknown platforms action '\(action)'; usage: \(usage)")
        }
        return 0
    }

    /// The changes `--file` and the flags give, flags winning; the file is the seed's JSON shape.
    static func changes(from parsed: Arguments) throws -> PlatformChanges {
        var object = JSONObject()
        if let path = parsed.option("--file") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read \(path); check the path")
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(data))
            } catch let error as JSONError {
                throw Arguments.UsageError(
                    description: "\(path) is not valid JSON at \(error.position(in: Array(data))): \(error.message)")
            }
            guard let parsedObject = value.objectValue else {
                throw Arguments.UsageError(
                    description: "\(path) is not a JSON object like {\"name\": \"nsqf\", \"adapter\": \"nsqf\", …}")
            }
            object = parsedObject
        }
        let flagKeys: [(String, String)] = [
            ("--name", "name"), ("--display-name", "display_name"), ("--type", "platform_type"), ("--adapter", "adapter"),
            ("--url", "api_base_url"), ("--api-version", "api_version"), ("--auth", "auth_type"),
            ("--frequency", "sync_frequency_hours"),
        ]
        for (flag, key) in flagKeys {
            if let value = parsed.option(flag) { object[key] = .string(value) }
        }
        if let config = parsed.option("--config") {
            guard let value = (try? JSONParser.parse(config))?.objectValue else {
                throw Arguments.UsageError(description: "--config must be a JSON object, e.g. '{\"pageSize\": 100}'")
            }
            object["config"] = .object(value)
        }
        return try PlatformChanges(json: object)
    }
}
