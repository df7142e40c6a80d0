import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

/// Through the real binary: every mutating command leaves exactly one audit row with redacted details; the
/// manual-sync limiter refuses with the wait and enqueues nothing; `key rotate` refuses while an engine runs.
@Suite(.serialized) struct AuditAndLimitCommandTests {
    let home = TemporaryDirectory("credsync-audit")
    let simulator = PlatformSimulator(
        platforms: [
            SimulatedPlatform(name: "swayam", contract: .swayam, count: 60, seed: 31, pageSizeCap: 100),
            SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 60, seed: 32, pageSizeCap: 100),
        ])

    init() throws {
        try simulator.start()
    }

    private func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        var settings = ["CREDSYNC_DB": home.file("audit.db"), "SYNC_JOBS_PER_MINUTE": "1000", "USER": "auditor"]
        settings.merge(extra) { _, new in new }
        return try CredsyncProcess.run(arguments, environment: CredsyncProcess.environment(home: home.path, settings))
    }

    private func audit() throws -> [[String: Any]] {
        let result = try run(["audit", "--limit", "1000", "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    private func writeSecrets(_ name: String) throws -> String {
        let path = home.file("\(name)-secrets.json")
        try JSONValue.object(simulator.secrets(for: name)).serialized.write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs a mutating command and checks that it added exactly one audit row, with `action` and no secret.
    private func expectOneAuditRow(
        _ arguments: [String], action: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try audit().count
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        let rows = try audit()
        #expect(
            rows.count == before + 1, "\(arguments) wrote \(rows.count - before) rows", sourceLocation: sourceLocation)
        let newest = rows.first ?? [:]
        #expect(newest["action"] as? String == action, "\(arguments)", sourceLocation: sourceLocation)
        #expect(newest["actor"] as? String == "auditor", sourceLocation: sourceLocation)
        let details = String(
            decoding: try JSONSerialization.data(withJSONObject: newest["details"] ?? [:]), as: UTF8.self)
        for secret in [simulator.platform(named: "swayam").apiKey, simulator.platform(named: "nsqf").clientSecret] {
            #expect(!details.contains(secret), "\(action) details: \(details)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyMutatingCommandLeavesExactlyOneRedactedAuditRow() throws {
        let swayam = simulator.definition(for: "swayam")
        let nsqf = simulator.definition(for: "nsqf")
        try expectOneAuditRow(
            [
                "platforms", "add", "--name", "swayam", "--url", swayam.apiBaseURL, "--auth", "api_key",
                "--secret-file", try writeSecrets("swayam"),
            ], action: "platform.add")
        try expectOneAuditRow(
            [
                "platforms", "add", "--name", "nsqf", "--url", nsqf.apiBaseURL, "--auth", "oauth2_client_credentials",
                "--config", JSONValue.object(nsqf.config).serialized, "--secret-file", try writeSecrets("nsqf"),
            ], action: "platform.add")
        try expectOneAuditRow(
            ["platforms", "edit", "swayam", "--secret-file", try writeSecrets("swayam")],
            action: "platform.edit+secrets")
        try expectOneAuditRow(["platforms", "edit", "swayam", "--frequency", "12"], action: "platform.edit")
        try expectOneAuditRow(["platforms", "disable", "swayam"], action: "platform.disable")
        try expectOneAuditRow(["platforms", "enable", "swayam"], action: "platform.enable")

        try simulator.users(for: "swayam", fraction: 0.3).csv.write(
            toFile: home.file("users.csv"), atomically: true, encoding: .utf8)
        try expectOneAuditRow(["users", "import", home.file("users.csv")], action: "users.import")
        #expect(try run(["sync", "swayam", "--wait"]).status == 0)
        let pending = try JSONSerialization.jsonObject(
            with: Data(try run(["credentials", "--status", "pending", "--limit", "2", "--json"]).stdout.utf8))
        let ids = try #require((pending as? [[String: Any]])?.compactMap { $0["id"] as? Int })
        try #require(ids.count == 2)
        let users = try JSONSerialization.jsonObject(with: Data(try run(["users", "list", "--json"]).stdout.utf8))
        let userId = try #require((users as? [[String: Any]])?.first?["id"] as? Int)
        try expectOneAuditRow(["claim", String(ids[0]), String(userId)], action: "credential.claim")
        try expectOneAuditRow(["claim", "--undo", String(ids[0])], action: "credential.undo")
        try expectOneAuditRow(["reject", String(ids[1]), "--reason", "not ours"], action: "credential.reject")

        try expectOneAuditRow(["scheduler", "start", "--cron", "0 3 * * *"], action: "scheduler.start")
        try expectOneAuditRow(["scheduler", "stop"], action: "scheduler.stop")
        try expectOneAuditRow(["jobs", "pause"], action: "queue.pause")
        #expect(try run(["sync", "swayam"]).status == 0)
        let jobs = try JSONSerialization.jsonObject(
            with: Data(try run(["jobs", "--state", "waiting", "--json"]).stdout.utf8))
        let jobId = try #require(((jobs as? [String: Any])?["jobs"] as? [[String: Any]])?.first?["id"] as? Int)
        try expectOneAuditRow(["jobs", "cancel", String(jobId)], action: "job.cancel")
        try expectOneAuditRow(["jobs", "retry", String(jobId)], action: "job.retry")
        try expectOneAuditRow(["jobs", "resume"], action: "queue.resume")

        try expectOneAuditRow(["tokens", "refresh", "nsqf"], action: "token.refresh")
        try expectOneAuditRow(["key", "rotate"], action: "key.rotate")
        try expectOneAuditRow(["platforms", "remove", "swayam", "--yes"], action: "platform.remove")

        // Reading commands write nothing.
        let before = try audit().count
        for arguments in [["tokens"], ["platforms", "list"], ["jobs"], ["key", "status"], ["audit"]] {
            #expect(try run(arguments).status == 0)
        }
        #expect(try audit().count == before)
        let text = try run(["audit", "--limit", "3"]).stdout
        #expect(text.contains("platform.remove") && text.contains("auditor"))
    }

    @Test func theManualSyncLimiterRefusesWithTheWaitAndEnqueuesNothing() throws {
        let swayam = simulator.definition(for: "swayam")
        #expect(
            try run([
                "platforms", "add", "--name", "swayam", "--url", swayam.apiBaseURL, "--auth", "api_key",
                "--secret-file", try writeSecrets("swayam"),
            ]).status == 0)
        let limit = ["MANUAL_SYNC_LIMIT": "2", "MANUAL_SYNC_WINDOW_MINUTES": "15"]
        #expect(try run(["sync", "swayam"], limit).stdout.contains("queued sync of swayam"))
        #expect(try run(["sync", "swayam"], limit).stdout.contains("already queued"))
        let jobsBefore = try run(["jobs", "--json"]).stdout
        let refused = try run(["sync", "swayam"], limit)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        // The window is 15 minutes: the answer is in minutes and seconds, as every duration is.
        #expect(refused.stderr.contains("rate limited, try again in 14m ") || refused.stderr.contains("try again in 15m"))
        #expect(try run(["jobs", "--json"]).stdout == jobsBefore)
    }

    @Test func keyRotationWaitsForTheEngineToStop() throws {
        let swayam = simulator.definition(for: "swayam")
        #expect(
            try run([
                "platforms", "add", "--name", "swayam", "--url", swayam.apiBaseURL, "--auth", "api_key",
                "--secret-file", try writeSecrets("swayam"),
            ]).status == 0)
        let daemon = CredsyncProcess(
            ["daemon"],
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": home.file("audit.db"), "SYNC_AUTO_START": "false"]))
        try daemon.start()
        let db = try Database.open(path: home.file("audit.db"))
        #expect(try eventually { try EngineLeaseStore(db: db, clock: SystemClock()).current() != nil })
        let refused = try run(["key", "rotate"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("an engine (pid \(daemon.pid)"))
        daemon.signal(SIGTERM)
        #expect(daemon.wait().status == 0)
        #expect(try run(["key", "rotate"]).status == 0)
    }

    @Test func aMissingOrWrongKeyNamesTheAffectedPlatform() throws {
        let swayam = simulator.definition(for: "swayam")
        #expect(
            try run([
                "platforms", "add", "--name", "swayam", "--url", swayam.apiBaseURL, "--auth", "api_key",
                "--secret-file", try writeSecrets("swayam"),
            ]).status == 0)
        let wrongKey = String(repeating: "ab", count: 32)
        var result = try run(["key", "status"], [KeyStore.environmentVariable: wrongKey])
        #expect(result.status == 1)
        #expect(result.stdout.contains("platform 'swayam'"))
        result = try run(["sync", "swayam", "--wait"], [KeyStore.environmentVariable: wrongKey])
        #expect(result.status == 1)
        #expect(result.stderr.contains("platform 'swayam'"))

        try FileManager.default.removeItem(atPath: "\(home.path)/config/credsync/key")
        result = try run(["key", "status"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("(swayam)"))
        #expect(result.stderr.contains("restore the key file"))
    }
}
