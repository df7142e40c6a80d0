import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

/// `credsync metrics` from the real binary, read with a strict text-format parser and checked against the rows of
/// a database built for it; and the daemon's atomic textfile.
@Suite struct MetricsCommandTests {
    let home = TemporaryDirectory("credsync-metrics")
    var databasePath: String { home.file("metrics.db") }
    /// A platform name that needs escaping in a label value: quotes and a backslash.
    static let oddName = #"odd "quoted" \ name"#
    let nowMs = SystemClock().nowMs

    /// Two platforms with runs, credentials, a stored token, jobs, alerts and a live engine lease.
    func fixture() throws -> Connection {
        let db = try Database.open(path: databasePath)
        try db.run(
            """
            INSERT INTO platforms (id, name, display_name, adapter, auth_type, is_active, last_success_at,
                                   consecutive_failures, created_at, updated_at)
            VALUES (1, 'nsqf', 'NSQF', 'nsqf', 'oauth2_client_credentials', 1, ?, 0, 0, 0),
                   (2, ?, 'Odd', 'generic_rest', 'none', 0, NULL, 2, 0, 0)
            """, [nowMs - 60_000, Self.oddName])
        let runs: [(platform: Int, trigger: String, status: String, durationMs: Int?)] = [
            (1, "schedule", "succeeded", 1_000), (1, "retry", "succeeded", 2_000), (1, "manual", "failed", 500),
            (1, "schedule", "succeeded", 1_500), (1, "manual", "running", nil), (2, "schedule", "failed", 250),
            (2, "retry", "failed", 750),
        ]
        for (index, run) in runs.enumerated() {
            try db.run(
                """
                INSERT INTO sync_runs (platform_id, trigger, status, started_at, finished_at, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    run.platform, run.trigger, run.status, Int64(index) * 10_000,
                    run.durationMs.map { Int64(index) * 10_000 + Int64($0) }, run.durationMs,
                ])
        }
        let credentials: [(platform: Int, status: String)] =
            Array(repeating: (1, "pending"), count: 4) + Array(repeating: (1, "matched"), count: 2)
            + [(1, "rejected"), (2, "pending")]
        for (index, credential) in credentials.enumerated() {
            try db.run(
                """
                INSERT INTO external_credentials (platform_id, external_id, status, created_at, updated_at)
                VALUES (?, ?, ?, 0, 0)
                """, [credential.platform, "C-\(index)", credential.status])
        }
        try db.run(
            """
            INSERT INTO platform_tokens (platform_id, access_token_encrypted, expires_at, updated_at)
            VALUES (1, x'00', ?, 0)
            """,
            [nowMs + 3_600_000])
        let queue = JobQueue(db: db, clock: SystemClock())
        _ = try queue.enqueue(kind: .sync, platformId: 1, trigger: .manual)
        _ = try queue.enqueue(kind: .tokenRefresh, platformId: nil, trigger: .schedule)
        try db.run(
            """
            INSERT INTO jobs (kind, platform_id, state, run_at, trigger, created_at, updated_at, finished_at)
            VALUES ('sync', 2, 'failed', 0, 'manual', 0, 0, 0)
            """)
        try db.run(
            """
            INSERT INTO alerts (kind, platform_id, message, raised_at, resolved_at)
            VALUES ('consecutive_failures', 2, 'two failures', 0, NULL), ('long_run', 1, 'slow', 0, 5)
            """)
        _ = try EngineLeaseStore(db: db, clock: SystemClock()).tryAcquire(
            EngineIdentity(holder: "metrics-test", pid: 4242, host: "box"), ttlMs: 600_000)
        return db
    }

    func metrics() throws -> [String: PrometheusTextParser.Family] {
        let result = try CredsyncProcess.run(
            ["metrics", "--db", databasePath], environment: CredsyncProcess.environment(home: home.path))
        #expect(result.status == 0, "\(result.stderr)")
        let families = try PrometheusTextParser.parse(result.stdout)
        return Dictionary(uniqueKeysWithValues: families.map { ($0.name, $0) })
    }

    /// The value of the one sample of `name` with exactly `labels`.
    func value(_ families: [String: PrometheusTextParser.Family], _ name: String, _ labels: [String: String] = [:])
        -> Double?
    {
        let matches = families[name]?.samples.filter { $0.labels == labels } ?? []
        return matches.count == 1 ? matches[0].value : nil
    }

    @Test func everyLineParsesStrictlyAndTheValuesAreTheDatabases() throws {
        let db = try fixture()
        let families = try metrics()
        for family in families.values {
            #expect(family.help?.isEmpty == false, "\(family.name) has no help")
            #expect(family.name.hasPrefix("credsync_"))
        }
        #expect(value(families, "credsync_build_info", ["version": CredSync.version]) == 1)
        #expect(value(families, "credsync_engine_up") == 1)
        #expect(value(families, "credsync_engine_lease_holder_info", ["host": "box", "pid": "4242"]) == 1)

        // Counters by platform and status: every finished status present, equal to the rows.
        for platform in ["nsqf", Self.oddName] {
            for status in ["succeeded", "partial", "failed", "cancelled"] {
                let rows = try db.first(
                    """
                    SELECT count(*) FROM sync_runs JOIN platforms ON platforms.id = platform_id
                    WHERE name = ? AND status = ?
                    """, [platform, status]
                ) { $0.int(0) }
                #expect(
                    value(families, "credsync_sync_runs_total", ["platform": platform, "status": status])
                        == Double(rows ?? -1), "\(platform) \(status)")
            }
            for status in ["pending", "matched", "rejected"] {
                let rows = try db.first(
                    """
                    SELECT count(*) FROM external_credentials JOIN platforms ON platforms.id = platform_id
                    WHERE name = ? AND status = ?
                    """, [platform, status]
                ) { $0.int(0) }
                #expect(
                    value(families, "credsync_credentials", ["platform": platform, "status": status])
                        == Double(rows ?? -1), "\(platform) \(status)")
            }
        }
        #expect(value(families, "credsync_sync_runs_total", ["platform": "nsqf", "status": "succeeded"]) == 3)
        #expect(value(families, "credsync_sync_retries_total", ["platform": "nsqf"]) == 1)
        #expect(value(families, "credsync_sync_retries_total", ["platform": Self.oddName]) == 1)
        #expect(value(families, "credsync_credentials", ["platform": "nsqf", "status": "pending"]) == 4)
        #expect(value(families, "credsync_credentials_pending_ratio") == 5.0 / 8.0)

        // Per platform: the latest finished run's duration, the last success, activity, failures in a row.
        #expect(value(families, "credsync_platform_last_run_duration_seconds", ["platform": "nsqf"]) == 1.5)
        #expect(value(families, "credsync_platform_last_run_duration_seconds", ["platform": Self.oddName]) == 0.75)
        #expect(
            value(families, "credsync_platform_last_success_timestamp_seconds", ["platform": "nsqf"])
                == Double(nowMs - 60_000) / 1000)
        #expect(families["credsync_platform_last_success_timestamp_seconds"]?.samples.count == 1)
        #expect(value(families, "credsync_platform_active", ["platform": Self.oddName]) == 0)
        #expect(value(families, "credsync_platform_consecutive_failures", ["platform": Self.oddName]) == 2)

        // The token expires in an hour (less the time the command took to start).
        let expiry = try #require(value(families, "credsync_token_expiry_seconds", ["platform": "nsqf"]))
        #expect(expiry <= 3_600 && expiry > 3_500)
        #expect(families["credsync_token_expiry_seconds"]?.samples.count == 1)

        // Queue by state and open alerts by kind, every state and kind present.
        for state in JobState.allCases {
            let rows = try db.first("SELECT count(*) FROM jobs WHERE state = ?", [state.rawValue]) { $0.int(0) }
            #expect(value(families, "credsync_queue_jobs", ["state": state.rawValue]) == Double(rows ?? -1))
        }
        #expect(value(families, "credsync_queue_jobs", ["state": "waiting"]) == 2)
        #expect(value(families, "credsync_queue_jobs", ["state": "failed"]) == 1)
        #expect(value(families, "credsync_alerts_open", ["kind": "consecutive_failures"]) == 1)
        #expect(value(families, "credsync_alerts_open", ["kind": "long_run"]) == 0)
        #expect(families["credsync_alerts_open"]?.samples.count == AlertKind.allCases.count)
    }

    @Test func theParserRefusesWhatTheFormatForbids() {
        let broken = [
            "credsync_x 1\n",  // no HELP/TYPE
            "# HELP credsync_x x\n# TYPE credsync_x gauge\ncredsync_x{a=\"b\\q\"} 1\n",  // bad escape
            "# HELP credsync_x x\n# TYPE credsync_x gauge\ncredsync_x 1\ncredsync_x 2\n",  // duplicate series
            "# HELP credsync_x x\n# TYPE credsync_x counter\ncredsync_x 1\n",  // counter without _total
            "# HELP credsync_x x\n# TYPE credsync_x gauge\ncredsync_x one\n",  // not a number
            "# HELP credsync_x x\n# TYPE credsync_x gauge\ncredsync_x{a=\"1\",a=\"2\"} 1\n",  // label twice
            "# HELP credsync_x x\n# TYPE credsync_x gauge\ncredsync_x 1",  // no final line feed
            "# HELP 1x x\n# TYPE 1x gauge\n1x 1\n",  // bad name
        ]
        for text in broken {
            #expect(throws: PrometheusTextParser.Violation.self, "\(text)") { try PrometheusTextParser.parse(text) }
        }
    }

    @Test func theDaemonWritesTheTextfileAtomicallyAndKeepsItFresh() throws {
        _ = try fixture()
        try Database.open(path: databasePath).run("DELETE FROM engine_lease")
        let textfile = home.file("node/credsync.prom")
        try FileManager.default.createDirectory(atPath: home.file("node"), withIntermediateDirectories: true)
        let daemon = CredsyncProcess(
            ["daemon"],
            environment: CredsyncProcess.environment(
                home: home.path,
                [
                    "CREDSYNC_DB": databasePath, "METRICS_TEXTFILE": textfile, "METRICS_INTERVAL_SECONDS": "1",
                    "SYNC_AUTO_START": "false",
                ]))
        try daemon.start()
        // The daemon's own engine holds the lease once it runs: the file says so on a later write.
        #expect(
            eventually(timeoutSeconds: 15) {
                guard let text = try? String(contentsOfFile: textfile, encoding: .utf8) else { return false }
                return text.contains("credsync_engine_up 1") && text.contains("pid=\"\(daemon.pid)\"")
            })
        daemon.signal(SIGTERM)
        #expect(daemon.wait().status == 0)
        let text = try String(contentsOfFile: textfile, encoding: .utf8)
        let families = try PrometheusTextParser.parse(text)
        #expect(families.contains { $0.name == "credsync_sync_runs_total" })
        // The daemon adds what only it knows: its webhook's deliveries (none here).
        #expect(text.contains("credsync_alert_webhook_posts_total{result=\"failed\"} 0"), "\(text)")
        let mode = try FileManager.default.attributesOfItem(atPath: textfile)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        // Only the .prom file is left: the temporary files were renamed over it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.file("node")) == ["credsync.prom"])
    }
}
