import CredSyncCore
import CredSyncSim
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

// MARK: - Fixtures

/// Every secret the test configures starts with this: it must appear in no file and no output, not even in part.
private let canary = "LEAKCANARY"
private let clientSecret = "\(canary)-client-secret-6e1f0c9b"
private let refreshToken = "\(canary)-refresh-token-93ab7d21"
private let longLivedToken = "\(canary)-long-lived-token-c4d2e8f7"
private let basicToken = "\(canary)-basic-token-5a7e31d0"
/// The forms a secret takes on the wire that do not contain its plain text.
private let derivedForms = [
    Data("\(basicToken):".utf8).base64EncodedString(), Data(clientSecret.utf8).base64EncodedString(),
]

/// Runs the real binary in one isolated home and keeps everything it printed.
private final class Operator: @unchecked Sendable {
    let home = TemporaryDirectory("credsync-leak")
    private(set) var transcript: [String] = []
    /// Every body the alert webhook received.
    let webhookBodies = Bodies()
    let receiver: LoopbackHTTPServer

    init() throws {
        let bodies = webhookBodies
        receiver = LoopbackHTTPServer { request in
            bodies.append(request.body)
            return HTTPResponse(status: 204)
        }
        try receiver.start()
    }

    var databasePath: String { home.file("leak.db") }
    var stateFolder: String { "\(home.path)/state/credsync" }
    var keyPath: String { "\(home.path)/config/credsync/key" }

    @discardableResult
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(
                home: home.path,
                [
                    "CREDSYNC_DB": databasePath, "SYNC_JOBS_PER_MINUTE": "1000", "SYNC_AUTO_START": "false",
                    "ALERT_WEBHOOK_URL": receiver.baseURL + "/hook",
                ]))
        transcript.append("$ credsync \(arguments.joined(separator: " "))\n\(result.stdout)\(result.stderr)")
        return result
    }

    /// `platforms add` from the simulator's definition and the given secrets, through files.
    func add(_ definition: PlatformDefinition, secrets: JSONObject) throws {
        let file: JSONObject = [
            "name": .string(definition.name), "adapter": .string(definition.adapter),
            "api_base_url": .string(definition.apiBaseURL), "api_version": .string(definition.apiVersion),
            "auth_type": .string(definition.authType.rawValue), "config": .object(definition.config),
        ]
        try JSONValue.object(file).serialized.write(
            toFile: home.file("\(definition.name).json"), atomically: true, encoding: .utf8)
        try JSONValue.object(secrets).serialized.write(
            toFile: home.file("\(definition.name)-secrets.json"), atomically: true, encoding: .utf8)
        let result = try run([
            "platforms", "add", "--file", home.file("\(definition.name).json"), "--secret-file",
            home.file("\(definition.name)-secrets.json"),
        ])
        try #require(result.status == 0, "\(result.stderr)")
    }
}

/// Webhook bodies, under a lock.
private final class Bodies: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[UInt8]] = []
    func append(_ body: [UInt8]) { lock.withLock { bodies.append(body) } }
    var all: [[UInt8]] { lock.withLock { bodies } }
}

private func contents(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { Array($0) } ?? []
}

private func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let needle = Array(needle.utf8)
    guard haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}

// MARK: - Tests

/// SPEC §7: after syncs, refreshes, failures (including a platform that echoes the secrets it was sent back in its
/// errors) and a key rotation, no secret's plain text is in the database, its WAL, the log, or any command's output.
@Suite(.serialized) struct SecretLeakTests {
    let simulator: PlatformSimulator

    init() throws {
        var nsqf = SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 120, seed: 21, pageSizeCap: 50)
        nsqf.clientSecret = clientSecret
        var rotating = SimulatedPlatform(
            name: "rotating", contract: .genericRest, count: 120, seed: 22, pageSizeCap: 50, auth: .refreshToken)
        rotating.refreshToken = refreshToken
        var longLived = SimulatedPlatform(
            name: "longlived", contract: .genericRest, count: 120, seed: 23, pageSizeCap: 50,
            tokenLifetimeSeconds: 60 * 86_400, auth: .longLivedToken)
        longLived.token = longLivedToken
        var credly = SimulatedPlatform(name: "credly", contract: .credly, count: 60, seed: 24, pageSizeCap: 50)
        credly.token = basicToken
        simulator = PlatformSimulator(platforms: [nsqf, rotating, longLived, credly])
        try simulator.start()
    }

    @Test func noSecretIsFoundInTheDatabaseTheWALTheLogOrAnyOutput() throws {
        let credsync = try Operator()
        for name in ["nsqf", "rotating", "longlived", "credly"] {
            try credsync.add(simulator.definition(for: name), secrets: simulator.secrets(for: name))
        }
        // Held open so that the WAL is not checkpointed away when the commands exit.
        let keeper = try Database.open(path: credsync.databasePath)

        // 1. Every token endpoint echoes what it was sent in a 400: client secret, refresh token, long-lived token.
        for name in ["nsqf", "rotating", "longlived"] {
            simulator.inject(.echoRequest(status: 400), platform: name, times: 1, on: .token)
        }
        var result = try credsync.run(["sync", "nsqf", "rotating", "--wait"])
        #expect(result.status == 1)
        result = try credsync.run(["tokens", "refresh", "longlived"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("access_token=***"))
        result = try credsync.run(["logs", "--json"])
        #expect(result.stdout.contains("client_secret=***"))
        #expect(result.stdout.contains("refresh_token=***"))
        result = try credsync.run(["tokens", "--json"])
        #expect(result.stdout.contains("\"state\" : \"failed\""))
        // A page endpoint that prints the request's headers back, Basic credentials included.
        simulator.inject(.echoHeaders(status: 400), platform: "credly", times: 1, on: .pages)
        result = try credsync.run(["sync", "credly", "--wait"])
        #expect(result.status == 1)
        result = try credsync.run(["jobs", "--json"])
        #expect(result.stdout.contains("received headers [('authorization', 'Basic ***"), "\(result.stdout)")

        // 2. Re-enabled, the platforms sync, tokens are refreshed (the refresh token rotates), one fails again.
        for name in ["nsqf", "rotating", "longlived", "credly"] {
            try #require(try credsync.run(["platforms", "enable", name]).status == 0)
        }
        result = try credsync.run(["sync", "--all", "--wait"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try credsync.run(["tokens", "refresh", "--all"])
        #expect(result.status == 0, "\(result.stderr)")
        simulator.revokeTokens(platform: "rotating")
        result = try credsync.run(["tokens", "refresh", "rotating"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("invalid_grant"))

        // 3. The key is rotated.
        let oldKey = String(decoding: contents(credsync.keyPath), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        result = try credsync.run(["key", "rotate"])
        #expect(result.status == 0, "\(result.stderr)")
        result = try credsync.run(["key", "status"])
        #expect(result.status == 0, "\(result.stderr)")

        // 4. Every listing, as text and as JSON.
        for arguments in [
            ["platforms", "list"], ["platforms", "list", "--json"], ["platforms", "show", "nsqf"],
            ["platforms", "show", "rotating", "--json"], ["tokens"], ["tokens", "--json"], ["jobs"],
            ["jobs", "--json"], ["logs"], ["logs", "--json"], ["alerts", "--all"], ["alerts", "--all", "--json"],
            ["audit"], ["audit", "--json"], ["export"], ["export", "--format", "csv"],
            ["credentials", "--limit", "5", "--json"], ["stats", "--json"], ["config"], ["key", "status", "--json"],
            ["scheduler", "status", "--json"],
        ] {
            result = try credsync.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }

        let wal = contents(credsync.databasePath + "-wal")
        #expect(!wal.isEmpty)
        let logs = try FileManager.default.contentsOfDirectory(atPath: credsync.stateFolder)
            .filter { $0.hasPrefix("credsync.log") }.map { contents("\(credsync.stateFolder)/\($0)") }
        #expect(logs.contains { contains($0, "token") })
        let newKey = String(decoding: contents(credsync.keyPath), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(oldKey.count == 64 && newKey.count == 64 && oldKey != newKey)
        // The dashboard's screen over the same database, every pane.
        let settings = try Settings.load(
            flags: ["CREDSYNC_DB": credsync.databasePath], environment: ["HOME": credsync.home.path], configFile: nil)
        let source = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "leak", secretBox: nil), engine: nil)
        var model = DashboardModel(size: Size(width: 220, height: 60), themeNames: ["default"])
        model = DashboardUpdate.update(model, .snapshot(try source.snapshot())).0
        var screens: [String] = []
        for pane in ["1", "2", "3", "4", "5"] {
            model = DashboardUpdate.update(model, .key(.character(Character(pane)))).0
            screens.append(DashboardView.render(model, size: model.size).text)
            let detail = DashboardUpdate.update(model, .key(.enter)).0
            screens.append(DashboardView.render(detail, size: detail.size).text)
        }
        let webhook = credsync.webhookBodies.all
        #expect(!webhook.isEmpty, "alerts were posted")
        let places: [(String, [UInt8])] =
            [("database", contents(credsync.databasePath)), ("WAL", wal)]
            + logs.map { ("log", $0) } + credsync.transcript.map { ("output", Array($0.utf8)) }
            + webhook.map { ("webhook body", $0) } + screens.map { ("dashboard", Array($0.utf8)) }
        for (place, bytes) in places {
            for secret in [canary, oldKey, newKey] + derivedForms {
                let found = contains(bytes, secret)
                #expect(!found, "\(secret.prefix(12))… found in the \(place)")
            }
        }
        withExtendedLifetime(keeper) {}
    }
}
