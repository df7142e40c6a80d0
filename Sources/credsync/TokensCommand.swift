import CredSyncCore
import Foundation

/// `credsync tokens [--json]`: every platform's token with its expiry and last refresh result;
/// `credsync tokens refresh PLATFORM…|--all`: refresh now, here (no engine needed).
enum TokensCommand {
    static let usage = "credsync tokens [--json] | tokens refresh PLATFORM…|--all"

    struct TokenJSON: Encodable {
        let status: TokenStatus
        let nowMs: Int64
        let windowMs: Int64

        enum CodingKeys: String, CodingKey {
            case platform, state, active
            case authType = "auth_type", statusReason = "status_reason", expiresAt = "expires_at"
            case expiresInSeconds = "expires_in_seconds", refreshedAt = "refreshed_at"
            case lastAttemptAt = "last_attempt_at", lastError = "last_error", canRefresh = "can_refresh"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status.platformName, forKey: .platform)
            try container.encode(status.authType.rawValue, forKey: .authType)
            try container.encode(status.isActive, forKey: .active)
            try container.encode(status.statusReason, forKey: .statusReason)
            try container.encode(status.state(nowMs: nowMs, windowMs: windowMs).rawValue, forKey: .state)
            try container.encode(status.expiresAtMs.map(Timestamp.iso8601), forKey: .expiresAt)
            try container.encode(status.expiresAtMs.map { ($0 - nowMs) / 1_000 }, forKey: .expiresInSeconds)
            try container.encode(status.refreshedAtMs.map(Timestamp.iso8601), forKey: .refreshedAt)
            try container.encode(status.lastAttemptAtMs.map(Timestamp.iso8601), forKey: .lastAttemptAt)
            try container.encode(status.lastError, forKey: .lastError)
            try container.encode(status.authType.canRefresh, forKey: .canRefresh)
        }
    }

    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments, flags: ["--json", "--all"])
        let settings = try environment.settings()
        let db = try environment.openDatabase(settings)
        switch parsed.positionals.first {
        case nil:
            guard !parsed.flag("--all") else { throw Arguments.UsageError(description: "usage: \(usage)") }
            return try list(db: db, settings: settings, json: parsed.flag("--json"))
        case "refresh":
            return try refresh(parsed, db: db, settings: settings, environment: environment)
        case let other?:
            throw Arguments.UsageError(description: "unknown tokens action '\(other)'; usage: \(usage)")
        }
    }

    private static func list(db: Connection, settings: Settings, json: Bool) throws -> Int32 {
        let now = SystemClock().nowMs
        let windowMs = Int64(settings.tokenRefreshWindowDays) * 86_400_000
        let statuses = try TokenStatus.all(db: db)
        if json { return try Output.json(statuses.map { TokenJSON(status: $0, nowMs: now, windowMs: windowMs) }) }
        guard !statuses.isEmpty else {
            Output.line("no platform uses a token (auth types bearer, oauth2_*, long_lived_token)")
            return 0
        }
        Output.table(
            ["PLATFORM", "AUTH", "STATE", "EXPIRES", "REFRESHED", "LAST RESULT"],
            statuses.map { status in
                let state = status.state(nowMs: now, windowMs: windowMs)
                return [
                    status.platformName + (status.isActive ? "" : " (disabled)"), status.authType.rawValue,
                    state.rawValue,
                    status.expiresAtMs.map { "\(Timestamp.iso8601($0)) (\(Timestamp.relative($0, nowMs: now)))" }
                        ?? (status.hasToken ? "unknown" : "-"),
                    status.refreshedAtMs.map { Timestamp.relative($0, nowMs: now) } ?? "never",
                    status.lastError.map { "failed: \($0)" } ?? (status.refreshedAtMs == nil ? "-" : "ok"),
                ]
            })
        return 0
    }

    private static func refresh(
        _ parsed: Arguments, db: Connection, settings: Settings, environment: CommandEnvironment
    ) throws -> Int32 {
        let names = Array(parsed.positionals.dropFirst())
        guard parsed.flag("--all") != !names.isEmpty else {
            throw Arguments.UsageError(
                description: "name the platforms whose tokens to refresh, or --all; usage: \(usage)")
        }
        let operations = try environment.operations(settings, db)
        let results = try operations.refreshTokens(parsed.flag("--all") ? nil : names.map(PlatformReference.name))
        var failed = false
        for (platform, result) in results {
            switch result {
            case .refreshed:
                let disabled = try !operations.platform(.id(platform.id)).isActive
                Output.line(
                    "\(platform.name): \(result.summary)"
                        + (disabled
                            ? "; the platform is disabled, enable it with 'credsync platforms enable \(platform.name)'"
                            : ""))
            case .refused, .failed, .skipped:
                Output.error("\(platform.name): \(result.summary)")
                failed = true
            }
        }
        return failed ? 1 : 0
    }
}
