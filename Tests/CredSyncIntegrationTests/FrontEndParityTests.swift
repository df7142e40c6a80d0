import CredSyncCore
import CredSyncSim
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

// MARK: - Fixtures

/// One database driven by the real `credsync` binary, one by the dashboard's data source, seeded alike.
private final class Twin {
    let home = TemporaryDirectory("credsync-parity")
    let key: EncryptionKey
    let cliDatabase: String
    let dashboardDatabase: String
    let dataSource: SQLiteDataSource

    init(simulator: PlatformSimulator) throws {
        key = try KeyStore.generate()
        cliDatabase = home.file("cli.db")
        dashboardDatabase = home.file("dashboard.db")
        for path in [cliDatabase, dashboardDatabase] { try Self.seed(path, home: home.path, key: key, simulator: simulator) }
        let settings = try Settings.load(
            flags: [:], environment: Self.environment(home: home.path, database: dashboardDatabase, key: key),
            configFile: nil)
        dataSource = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: settings, actor: "operator", secretBox: SecretBox(currentKey: key)),
            engine: nil)
    }

    static func environment(home: String, database: String, key: EncryptionKey) -> [String: String] {
        CredsyncProcess.environment(
            home: home,
            [
                "CREDSYNC_DB": database, "CREDSYNC_ENCRYPTION_KEY": key.bytes.map { String(format: "%02x", $0) }.joined(), "USER": "operator",
                "SYNC_AUTO_START": "false",
            ])
    }

    /// Two platforms (one whose refresh token the simulator revokes), three users, four pending credentials, a
    /// failed job and a waiting one.
    static func seed(_ path: String, home: String, key: EncryptionKey, simulator: PlatformSimulator) throws {
        let db = try Database.open(path: path)
        let settings = try Settings.load(
            flags: [:], environment: environment(home: home, database: path, key: key), configFile: nil)
        let operations = Operations(
            OperationContext(
                db: db, clock: SystemClock(), settings: settings, actor: "seed", secretBox: { SecretBox(currentKey: key) },
                alertSink: .none))
        var partner = try PlatformChanges(json: [
            "name": .string("partner"), "adapter": .string("generic_rest"),
            "api_base_url": .string(simulator.definition(for: "rt").apiBaseURL),
        ])
        partner.authType = simulator.definition(for: "rt").authType
        partner.config = simulator.definition(for: "rt").config
        let secrets = simulator.secrets(for: "rt")
        _ = try operations.addPlatform(
            partner,
            secrets: PlatformSecrets(
                clientId: secrets["clientId"]?.stringValue, clientSecret: secrets["clientSecret"]?.stringValue,
                refreshToken: secrets["refreshToken"]?.stringValue))
        let users = try UserImport(
            text: "external_ref,name,email,phone\nu1,Asha Rao,asha@example.org,\nu2,Ravi Iyer,ravi@example.org,\n"
                + "u3,Meena Das,meena@example.org,\n",
            format: .csv, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        _ = try operations.importUsers(users, source: "users.csv")
        for index in 1...4 {
            try db.run(
                """
                INSERT INTO external_credentials (platform_id, external_id, learner_identifier, identifier_type,
                    learner_email, learner_name, certificate_title, raw, status, match_note, created_at, updated_at)
                VALUES (1, ?, ?, 'email', ?, 'Someone', 'Course', '{}', 'pending', 'no user with this email', 0, 0)
                """, ["c\(index)", "nobody\(index)@example.org", "nobody\(index)@example.org"])
        }
        let queue = JobQueue(db: db, clock: SystemClock())
        let failed = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .manual)
        try db.run("UPDATE jobs SET state = 'failed', attempts = 3, last_error = 'HTTP 503' WHERE id = ?", [failed.job.id])
        _ = try queue.enqueue(kind: .sync, platformId: 1, trigger: .schedule)
    }

    /// The rows both front ends must leave alike, without times, ciphertexts and ids the engine assigns.
    static func rows(_ path: String) throws -> [String] {
        let db = try Database.open(path: path)
        func dump(_ label: String, _ sql: String) throws -> [String] {
            try db.all(sql) { row in label + ": " + (0..<row.columnCount).map { row.optionalText($0) ?? "∅" }.joined(separator: " | ") }
        }
        return try dump(
            "platform",
            """
            SELECT name, display_name, platform_type, adapter, api_base_url, api_version, auth_type, sync_frequency_hours,
                   config, is_active, status_reason, consecutive_failures, credentials_encrypted IS NOT NULL
            FROM platforms ORDER BY id
            """)
            + dump("job", "SELECT id, kind, platform_id, state, priority, attempts, max_attempts, trigger, last_error FROM jobs ORDER BY id")
            + dump("credential", "SELECT id, status, user_id, matched_by, match_note FROM external_credentials ORDER BY id")
            + dump("setting", "SELECT key, value FROM settings WHERE key NOT LIKE '%last_fire_at' ORDER BY key")
            + dump("audit", "SELECT actor, action, target, details FROM audit_log ORDER BY id")
            + dump("alert", "SELECT kind, platform_id, message, resolved_at IS NULL FROM alerts ORDER BY id")
            + dump("token", "SELECT platform_id, last_error FROM platform_tokens ORDER BY platform_id")
    }
}

/// One operator action, as each front end takes it.
private struct Action: Sendable, CustomStringConvertible {
    let description: String
    let cli: [String]
    let dashboard: DashboardCommand
}

private func actions(twin: Twin) throws -> [Action] {
    let swayam: JSONObject = [
        "name": .string("swayam"), "adapter": .string("swayam"), "api_base_url": .string("https://swayam.example.in"),
        "auth_type": .string("api_key"), "config": .object(["pageSize": .integer(200)]),
    ]
    try JSONValue.object(swayam).serialized.write(toFile: twin.home.file("swayam.json"), atomically: true, encoding: .utf8)
    try #"{"apiKey": "k-123"}"#.write(toFile: twin.home.file("secrets.json"), atomically: true, encoding: .utf8)
    return [
        Action(
            description: "add a platform",
            cli: ["platforms", "add", "--file", twin.home.file("swayam.json"), "--secret-file", twin.home.file("secrets.json")],
            dashboard: .savePlatform(platformId: nil, changes: try PlatformChanges(json: swayam), secrets: PlatformSecrets(apiKey: "k-123"))),
        Action(
            description: "edit its config",
            cli: ["platforms", "edit", "swayam", "--config", #"{"delayBetweenPages": 250, "pageSize": null}"#],
            dashboard: .savePlatform(
                platformId: 2,
                changes: try PlatformChanges(json: ["config": .object(["delayBetweenPages": .integer(250), "pageSize": .null])]),
                secrets: nil)),
        Action(description: "disable it", cli: ["platforms", "disable", "swayam"], dashboard: .setPlatformActive(platformId: 2, active: false)),
        Action(description: "enable it", cli: ["platforms", "enable", "swayam"], dashboard: .setPlatformActive(platformId: 2, active: true)),
        Action(description: "request a sync", cli: ["sync", "swayam"], dashboard: .syncPlatform(platformId: 2)),
        Action(description: "cancel a waiting job", cli: ["jobs", "cancel", "2"], dashboard: .cancelJob(jobId: 2)),
        Action(description: "retry a failed job", cli: ["jobs", "retry", "1"], dashboard: .retryJob(jobId: 1)),
        Action(description: "start the scheduler", cli: ["scheduler", "start"], dashboard: .setScheduler(enabled: true)),
        Action(description: "stop the scheduler", cli: ["scheduler", "stop"], dashboard: .setScheduler(enabled: false)),
        Action(description: "claim a credential", cli: ["claim", "1", "2"], dashboard: .claim(credentialId: 1, userId: 2)),
        Action(description: "reject a credential", cli: ["reject", "2"], dashboard: .reject(credentialId: 2, reason: nil)),
        Action(description: "undo the reject", cli: ["claim", "--undo", "2"], dashboard: .undoDecision(credentialId: 2)),
        Action(description: "refresh a revoked token", cli: ["tokens", "refresh", "partner"], dashboard: .refreshToken(platformId: 1)),
        Action(description: "acknowledge the alert", cli: ["alerts", "ack", "1"], dashboard: .acknowledgeAlert(alertId: 1)),
    ]
}

// MARK: - Tests

/// Every operator action through `credsync` and through the dashboard's command path leaves the same rows, audit
/// entries and alerts: both call the one operations layer.
@Suite(.serialized) struct FrontEndParityTests {
    @Test func eachActionLeavesTheSameRowsAuditEntriesAndAlertsThroughEitherFrontEnd() throws {
        let simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(
                    name: "rt", contract: .genericRest, count: 10, seed: 21, tokenLifetimeSeconds: 86_400,
                    auth: .refreshToken)
            ])
        try simulator.start()
        let twin = try Twin(simulator: simulator)
        #expect(try Twin.rows(twin.cliDatabase) == Twin.rows(twin.dashboardDatabase), "seeded alike")
        simulator.revokeTokens(platform: "rt")
        for action in try actions(twin: twin) {
            let cli = try CredsyncProcess.run(
                action.cli, environment: Twin.environment(home: twin.home.path, database: twin.cliDatabase, key: twin.key))
            let dashboard = twin.dataSource.perform(action.dashboard)
            let expectedToSucceed = action.description != "refresh a revoked token"
            #expect((cli.status == 0) == expectedToSucceed, "\(action): CLI \(cli.status) \(cli.stderr)")
            #expect(dashboard.succeeded == expectedToSucceed, "\(action): dashboard \(dashboard.message)")
            let cliRows = try Twin.rows(twin.cliDatabase)
            let dashboardRows = try Twin.rows(twin.dashboardDatabase)
            #expect(cliRows == dashboardRows, "\(action): \(cliRows.difference(from: dashboardRows))")
        }
        let audit = try Twin.rows(twin.cliDatabase).filter { $0.hasPrefix("audit: operator") }
        #expect(audit.count >= 14, "every mutating action is audited: \(audit)")
        #expect(audit.contains { $0.contains("credential.undo") }, "an undo is audited")
        #expect(audit.contains { $0.contains("alert.acknowledge") }, "an acknowledgement is audited")
        #expect(audit.contains { $0.contains("sync.request") }, "a manual sync request is audited")
        #expect(try Twin.rows(twin.dashboardDatabase).contains { $0.hasPrefix("alert: token_refresh_failed") })
    }
}
