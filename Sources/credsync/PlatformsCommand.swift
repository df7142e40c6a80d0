import CredSyncCore
import Foundation

/// `credsync platforms list|show|add|edit|enable|disable|remove`
enum PlatformsCommand {
    static let usage = """
        credsync platforms list [--json] | show NAME [--json] | add (--file platform.json | --name N --adapter A \
        --url URL [--auth T] [--frequency H] [--config JSON]…) [--secret-file F | --secret-stdin] | edit NAME [same] \
        | enable NAME | disable NAME [--reason R] | remove NAME --yes
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
            let platform = try store.require(try requireName())
            let summary = try PlatformSummary.all(db: db).first { $0.id == platform.id }!
            let secretFields = environment.existingSecretBox(settings).flatMap {
                try? store.secrets(of: platform, box: $0).setFieldNames
            }
            let detail = PlatformDetail(summary: summary, platform: platform, secretFields: secretFields)
            if parsed.flag("--json") { return try Output.json(detail) }
            detail.print()
        case "add":
            try parsed.expectPositionals(atMost: 1, usage: usage)
            let definition = try definition(from: parsed, base: nil)
            let secrets = try SecretInput.read(parsed, authType: definition.authType, promptIfMissing: true)
            let box = secrets == nil ? nil : try environment.secretBox(settings)
            let platform = try db.transaction(.immediate) {
                let platform = try store.add(definition, secrets: secrets, box: box)
                try environment.audit(db).record(
                    "platform.add", target: "platform:\(platform.name)",
                    details: auditDetails(definition, secrets: secrets))
                return platform
            }
            Output.line("added platform '\(platform.name)' (\(platform.definition.adapter)); sync it with 'credsync sync \(platform.name)'")
        case "edit":
            let platform = try store.require(try requireName())
            let definition = try definition(from: parsed, base: platform.definition)
            let secrets = try SecretInput.read(parsed, authType: definition.authType, promptIfMissing: false)
            let box = secrets == nil ? nil : try environment.secretBox(settings)
            let updated = try db.transaction(.immediate) {
                let updated = try store.update(platform, to: definition, secrets: secrets, box: box)
                try environment.audit(db).record(
                    secrets == nil ? "platform.edit" : "platform.edit+secrets", target: "platform:\(updated.name)",
                    details: auditDetails(definition, secrets: secrets))
                return updated
            }
            Output.line("updated platform '\(updated.name)'")
        case "enable", "disable":
            let platform = try store.require(try requireName())
            let active = action == "enable"
            try db.transaction(.immediate) {
                try store.setActive(platform, active, reason: active ? nil : parsed.option("--reason") ?? "disabled by \(environment.actor)")
                try environment.audit(db).record("platform.\(action)", target: "platform:\(platform.name)")
            }
            Output.line("platform '\(platform.name)' \(active ? "enabled" : "disabled")")
        case "remove":
            let platform = try store.require(try requireName())
            let count = try db.first("SELECT count(*) FROM external_credentials WHERE platform_id = ?", [platform.id]) {
                $0.int(0)
            } ?? 0
            guard parsed.flag("--yes") else {
                throw Arguments.UsageError(
                    description: "removing '\(platform.name)' deletes its \(count) credentials, runs and jobs; "
                        + "repeat with --yes to confirm")
            }
            try db.transaction(.immediate) {
                try store.remove(platform)
                try environment.audit(db).record(
                    "platform.remove", target: "platform:\(platform.name)", details: ["credentials": .integer(Int64(count))])
            }
            Output.line("removed platform '\(platform.name)' and its \(count) credentials")
        default:
            throw Arguments.UsageError(description: "unknown platforms action '\(action)'; usage: \(usage)")
        }
        return 0
    }

    /// A definition from `--file` and the flags, on top of `base` for `edit`.
    static func definition(from parsed: Arguments, base: PlatformDefinition?) throws -> PlatformDefinition {
        var object = JSONObject()
        if let path = parsed.option("--file") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read \(path); check the path")
            }
            guard let parsedObject = (try? JSONParser.parse(Array(data)))?.objectValue else {
                throw CommandFailure("\(path) is not a JSON object like {\"name\": \"nsqf\", \"adapter\": \"nsqf\", …}")
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
        let known = Set(flagKeys.map(\.1) + ["config"])
        for key in object.keys where !known.contains(key) {
            throw CommandFailure("unknown platform field '\(key)'; known: \(known.sorted().joined(separator: ", "))")
        }
        func text(_ key: String) -> String? { object[key]?.textValue }
        guard let name = text("name") ?? base?.name else {
            throw Arguments.UsageError(description: "a platform needs a name (--name or \"name\" in --file)")
        }
        let adapter = text("adapter") ?? base?.adapter ?? (AdapterRegistry.builtIn[name] != nil ? name : nil)
        guard let adapter else {
            throw Arguments.UsageError(
                description: "'\(name)' is not a built-in adapter; say which with --adapter "
                    + "(\(AdapterRegistry.builtIn.keys.sorted().joined(separator: ", ")))")
        }
        var authType = base?.authType ?? AdapterRegistry.builtIn[adapter]?.authTypes.first ?? .none
        if let auth = text("auth_type") {
            guard let parsedAuth = AuthType(rawValue: auth) else {
                throw Arguments.UsageError(
                    description: "auth_type \(auth): expected one of \(AuthType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            authType = parsedAuth
        }
        var frequency = base?.syncFrequencyHours ?? 24
        if let hours = text("sync_frequency_hours") {
            guard let value = Int(hours), value > 0 else {
                throw Arguments.UsageError(description: "sync_frequency_hours \(hours): expected a whole number of hours above 0")
            }
            frequency = value
        }
        var config = base?.config ?? JSONObject()
        if let replacement = object["config"]?.objectValue {
            for (key, value) in replacement { config[key] = value }
        }
        return PlatformDefinition(
            name: name, displayName: text("display_name") ?? base?.displayName ?? name,
            platformType: text("platform_type") ?? base?.platformType ?? "private", adapter: adapter,
            apiBaseURL: text("api_base_url") ?? base?.apiBaseURL ?? "", apiVersion: text("api_version") ?? base?.apiVersion ?? "v1",
            authType: authType, syncFrequencyHours: frequency, config: config)
    }

    /// What the audit log keeps of a platform change: the definition and the names of the secrets given, never
    /// their values.
    static func auditDetails(_ definition: PlatformDefinition, secrets: PlatformSecrets?) -> JSONObject {
        var details: JSONObject = [
            "adapter": .string(definition.adapter), "api_base_url": .string(URLRedaction.withoutQuery(definition.apiBaseURL)),
            "auth_type": .string(definition.authType.rawValue),
            "sync_frequency_hours": .integer(Int64(definition.syncFrequencyHours)),
        ]
        if let secrets { details["secrets_set"] = .array(secrets.setFieldNames.map(JSONValue.string)) }
        return details
    }
}
