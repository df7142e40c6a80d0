import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

// MARK: - Fixtures

private let swayam: JSONObject = [
    "name": .string("swayam"), "adapter": .string("swayam"), "api_base_url": .string("https://swayam.example.in"),
    "auth_type": .string("api_key"),
]

private func operations(_ fixture: TestDatabase) throws -> Operations {
    let box = SecretBox(currentKey: try KeyStore.generate())
    return Operations(
        OperationContext(
            db: fixture.db, clock: fixture.clock, settings: try Settings.load(flags: [:], environment: ["HOME": fixture.directory.path], configFile: nil),
            actor: "operator", secretBox: { box }, alertSink: .none))
}

private func changes(_ object: JSONObject, config: JSONObject? = nil) throws -> PlatformChanges {
    var object = object
    if let config { object["config"] = .object(config) }
    return try PlatformChanges(json: object)
}

/// Every way an observed bad definition was accepted before, with the field it must be refused on.
private let refusals: [(String, JSONObject, String, String)] = [
    ("negative page size", ["config": .object(["pageSize": .integer(-5)])], "config.pageSize", "(got -5)"),
    ("zero page size", ["config": .object(["pageSize": .integer(0)])], "config.pageSize", "1–10000"),
    ("huge page size", ["config": .object(["pageSize": .number(1e12)])], "config.pageSize", "whole number"),
    ("fractional page size", ["config": .object(["pageSize": .number(1.5)])], "config.pageSize", "(got 1.5)"),
    ("misspelt key", ["config": .object(["pagesize": .integer(50)])], "config", "did you mean \"pageSize\""),
    ("eleven-day delay", ["config": .object(["delayBetweenPages": .number(1e9)])], "config.delayBetweenPages", "0–600000"),
    ("huge timeout", ["config": .object(["timeoutSeconds": .number(1e16)])], "config.timeoutSeconds", "1–600"),
    ("huge lookback", ["config": .object(["lookbackMinutes": .number(1e16)])], "config.lookbackMinutes", "0–10080"),
    ("zero rate limit", ["config": .object(["rateLimit": .integer(0)])], "config.rateLimit", "1–360000"),
    ("zero max pages", ["config": .object(["maxPages": .integer(0)])], "config.maxPages", "1–10000000"),
    ("huge frequency", ["sync_frequency_hours": .number(1e16)], "sync_frequency_hours", "1–8760"),
    ("zero frequency", ["sync_frequency_hours": .integer(0)], "sync_frequency_hours", "(got 0)"),
    ("path in api_version", ["api_version": .string("../../admin")], "api_version", "one path segment"),
    ("credentials in the URL", ["api_base_url": .string("https://user:pass@swayam.example.in/")], "api_base_url",
        "must not contain a user name or password"),
    ("string config", ["config": .string("pageSize=5")], "config", "must be a JSON object"),
    ("unknown field", ["pageSize": .integer(5)], "pageSize", "is not a platform field"),
    ("unknown auth type", ["auth_type": .string("apikey")], "auth_type", "did you mean \"api_key\""),
]

// MARK: - Tests

@Suite struct PlatformSettingsTests {
    @Test func defaultsWhenTheConfigIsEmpty() throws {
        let settings = try PlatformDefinition(name: "swayam", adapter: "swayam", apiBaseURL: "https://s.example").settings()
        #expect(settings.pageSize == 100)
        #expect(settings.rateLimitPerHour == nil)
        #expect(settings.timeoutSeconds == 30)
        #expect(settings.lookbackMinutes == 5)
        #expect(settings.tokenURL == "https://s.example/oauth/token")
    }

    @Test(arguments: refusals.indices)
    func eachOutOfRangeOrMalformedValueIsRefusedAtAddAndAtEditNamingTheField(index: Int) throws {
        let (label, bad, field, words) = refusals[index]
        let fixture = try TestDatabase()
        let operations = try operations(fixture)
        var object = swayam
        for (key, value) in bad { object[key] = value }
        let secrets = PlatformSecrets(apiKey: "k")
        do {
            _ = try operations.addPlatform(try changes(object), secrets: secrets)
            Issue.record("\(label): accepted at add")
        } catch let error as OperationError {
            guard case .invalid(let fieldError) = error else { throw error }
            #expect(fieldError.field == field, "\(label)")
            #expect(fieldError.problem.contains(words), "\(label): \(fieldError)")
        } catch let error as PlatformFieldError {
            #expect(error.field == field, "\(label)")
            #expect(error.problem.contains(words), "\(label): \(error)")
        }
        #expect(try PlatformStore(db: fixture.db, clock: fixture.clock).all().isEmpty, "\(label): nothing stored")

        let added = try operations.addPlatform(try changes(swayam), secrets: secrets)
        do {
            _ = try operations.editPlatform(.name("swayam"), try changes(bad), secrets: nil)
            Issue.record("\(label): accepted at edit")
        } catch let error as OperationError {
            guard case .invalid(let fieldError) = error else { throw error }
            #expect(fieldError.field == field, "\(label)")
        } catch let error as PlatformFieldError {
            #expect(error.field == field, "\(label)")
        }
        #expect(try operations.platform(.name("swayam")) == added, "\(label): the stored platform is unchanged")
    }

    @Test func secretsMissingTheKeyTheAuthTypeNeedsAreRefused() throws {
        let fixture = try TestDatabase()
        let operations = try operations(fixture)
        #expect(throws: OperationError.invalid(
            PlatformFieldError(field: "secrets", problem: "auth type api_key needs \"apiKey\" in the secrets JSON"))
        ) {
            try operations.addPlatform(try changes(swayam), secrets: PlatformSecrets())
        }
        var nsqf: JSONObject = ["name": .string("nsqf"), "api_base_url": .string("https://n.example")]
        nsqf["auth_type"] = .string("oauth2_client_credentials")
        #expect(throws: OperationError.self) {
            try operations.addPlatform(try changes(nsqf), secrets: PlatformSecrets(clientId: "only-the-id"))
        }
        #expect(try PlatformStore(db: fixture.db, clock: fixture.clock).all().isEmpty)
        // Sealing registers the values process-wide for redaction: a plain word here would mask it in other tests.
        _ = try operations.addPlatform(
            try changes(nsqf), secrets: PlatformSecrets(apiKey: "id", apiSecret: "nsqf-test-client-secret"))
    }

    @Test func anEditMergesConfigKeysAndNullRemovesOne() throws {
        let fixture = try TestDatabase()
        let operations = try operations(fixture)
        _ = try operations.addPlatform(
            try changes(swayam, config: ["pageSize": .integer(200), "delayBetweenPages": .integer(10)]),
            secrets: PlatformSecrets(apiKey: "k"))
        let edited = try operations.editPlatform(
            .name("swayam"), try changes([:], config: ["rateLimit": .integer(600), "delayBetweenPages": .null]),
            secrets: nil)
        let settings = try edited.definition.settings()
        #expect(settings.pageSize == 200)
        #expect(settings.rateLimitPerHour == 600)
        #expect(settings.delayBetweenPagesMs == 0)
        let audit = try AuditLog(db: fixture.db, clock: fixture.clock, actor: "x").entries(limit: 1)
        #expect(audit.first?.action == "platform.edit")
    }

    @Test func aStoredConfigThatNoLongerParsesNamesThePlatformInsteadOfReadingAsEmpty() throws {
        let fixture = try TestDatabase()
        let operations = try operations(fixture)
        _ = try operations.addPlatform(try changes(swayam), secrets: PlatformSecrets(apiKey: "k"))
        try fixture.db.run("UPDATE platforms SET config = '\"pageSize=5\"' WHERE name = 'swayam'")
        let stored = try operations.platform(.name("swayam"))
        #expect(throws: SyncError.self) { try PlatformSession.settings(of: stored) }
        do {
            _ = try PlatformSession.settings(of: stored)
        } catch {
            #expect("\(error)".contains("platform 'swayam'"))
            #expect("\(error)".contains("not a JSON object"))
        }
        // An old database's out-of-range value: the sync fails with a message, nothing traps.
        try fixture.db.run(
            "UPDATE platforms SET config = '{\"timeoutSeconds\": 1e16}', sync_frequency_hours = 10000000000000000 "
                + "WHERE name = 'swayam'")
        let old = try operations.platform(.name("swayam"))
        #expect(throws: SyncError.self) { try PlatformSession.settings(of: old) }
        #expect(old.definition.problems().map(\.field).contains("sync_frequency_hours"))
    }

    @Test func aChangedDelayAppliesToTheNextRequestOfARunningPacer() {
        let pacers = PacerRegistry()
        var settings = PlatformSettings(defaultsFor: PlatformDefinition(name: "p", adapter: "swayam"))
        #expect(pacers.reserve(settings: settings, id: 1, nowMs: 1_000) == 0)
        #expect(pacers.reserve(settings: settings, id: 1, nowMs: 1_000) == 0)
        settings.delayBetweenPagesMs = 5_000
        #expect(pacers.reserve(settings: settings, id: 1, nowMs: 1_000) == 5_000, "the edit counts from the last request")
        settings.delayBetweenPagesMs = 0
        #expect(pacers.reserve(settings: settings, id: 1, nowMs: 6_000) == 0)
    }

    @Test func anEditOfWhereTokensComeFromForgetsTheStoredToken() throws {
        let fixture = try TestDatabase()
        let operations = try operations(fixture)
        var openbadges = try changes([
            "name": .string("ob"), "adapter": .string("openbadges"), "api_base_url": .string("https://ob.example"),
            "auth_type": .string("bearer"),
        ])
        openbadges.config = [:]
        let platform = try operations.addPlatform(openbadges, secrets: PlatformSecrets(accessToken: "ob-access-token-1"))
        func storeToken() throws {
            try fixture.db.run(
                "INSERT OR REPLACE INTO platform_tokens (platform_id, expires_at, updated_at) VALUES (?, 1, 0)",
                [platform.id])
        }
        func tokens() throws -> Int { try fixture.db.first("SELECT count(*) FROM platform_tokens") { $0.int(0) } ?? 0 }
        try storeToken()
        _ = try operations.editPlatform(.name("ob"), try changes(["display_name": .string("Open Badges")]), secrets: nil)
        #expect(try tokens() == 1, "a change that does not touch the token's origin keeps it")
        _ = try operations.editPlatform(
            .name("ob"), try changes(["api_base_url": .string("https://elsewhere.example")]), secrets: nil)
        #expect(try tokens() == 0, "a token is never sent to a new host")
        try storeToken()
        _ = try operations.editPlatform(
            .name("ob"), try changes([:], config: ["tokenUrl": .string("https://auth.example/token")]), secrets: nil)
        #expect(try tokens() == 0)
    }

    @Test func nearestNameSuggestsOnlyPlausibleTypos() {
        #expect(NearestName.suggestion(for: "pagesize", among: PlatformSettings.commonKeys) == "pageSize")
        #expect(NearestName.suggestion(for: "timeout", among: PlatformSettings.commonKeys) == nil)
        #expect(NearestName.suggestion(for: "delayBetweenPage", among: PlatformSettings.commonKeys) == "delayBetweenPages")
    }
}
