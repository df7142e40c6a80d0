import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

/// The operator's day through the real binary: add a platform, import users, sync, look, claim, export.
@Suite(.serialized) struct OperatorCommandTests {
    let home = TemporaryDirectory("credsync-operator")
    let simulator = PlatformSimulator(
        platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 300, seed: 5, pageSizeCap: 100)])

    init() throws {
        try simulator.start()
    }

    private func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": home.file("ops.db"), "SYNC_JOBS_PER_MINUTE": "1000"]))
    }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func addImportSyncClaimAndExport() throws {
        let definition = simulator.definition(for: "swayam")
        try JSONValue.object(simulator.secrets(for: "swayam")).serialized.write(
            toFile: home.file("secrets.json"), atomically: true, encoding: .utf8)

        // A platform with an unknown adapter or a bad auth type is refused when it is added.
        var result = try run(["platforms", "add", "--name", "x", "--adapter", "nope", "--url", "http://127.0.0.1:1"])
        #expect(result.status == 2, "a definition that cannot be stored is a usage error")
        #expect(result.stderr.contains("unknown adapter"))
        result = try run([
            "platforms", "add", "--name", "swayam", "--url", definition.apiBaseURL, "--auth", "api_key",
            "--config", "{\"pageSize\": 100}", "--secret-file", home.file("secrets.json"),
        ])
        try #require(result.status == 0, "\(result.stderr)")
        result = try run(["platforms", "show", "swayam", "--json"])
        let shown = try json(result.stdout) as? [String: Any]
        #expect(shown?["adapter"] as? String == "swayam")
        #expect(shown?["secrets"] as? [String] == ["apiKey"])
        #expect(!result.stdout.contains(simulator.platform(named: "swayam").apiKey))

        // A users file with a bad row imports nothing and names the line.
        try "external_ref,name,email,phone\nu1,A,a@example.org,\nu2,B,,123\n".write(
            toFile: home.file("bad.csv"), atomically: true, encoding: .utf8)
        result = try run(["users", "import", home.file("bad.csv")])
        #expect(result.status == 2, "a malformed file given on the command line is a usage error")
        #expect(result.stderr.contains("line 3"))
        try simulator.users(for: "swayam", fraction: 0.5).csv.write(toFile: home.file("users.csv"), atomically: true, encoding: .utf8)
        result = try run(["users", "import", home.file("users.csv")])
        #expect(result.status == 0, "\(result.stderr)")

        result = try run(["sync", "swayam", "--wait"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("swayam: "))
        result = try run(["logs", "--json"])
        let runs = try json(result.stdout) as? [[String: Any]]
        #expect(runs?.first?["status"] as? String != "failed")
        #expect((runs?.first?["created"] as? Int ?? 0) > 250)

        result = try run(["credentials", "--status", "pending", "--limit", "1", "--json"])
        let pending = try json(result.stdout) as? [[String: Any]]
        let credentialId = try #require(pending?.first?["id"] as? Int)
        result = try run(["users", "list", "--limit", "1", "--json"])
        let userId = try #require((try json(result.stdout) as? [[String: Any]])?.first?["id"] as? Int)
        result = try run(["claim", String(credentialId), String(userId)])
        #expect(result.status == 0, "\(result.stderr)")
        result = try run(["claim", String(credentialId), String(userId)])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not pending"))
        result = try run(["claim", "--undo", String(credentialId)])
        #expect(result.status == 0)

        result = try run(["export", "--format", "csv", "--status", "matched"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == Substring(Credential.exportFields.joined(separator: ",")))
        #expect(lines.count > 1)
        result = try run(["stats", "--json"])
        #expect((try json(result.stdout) as? [String: Any])?["platforms"] as? Int == 1)

        let db = try Database.open(path: home.file("ops.db"))
        let actions = try db.all("SELECT action FROM audit_log ORDER BY id") { $0.text(0) }
        #expect(actions == ["platform.add", "users.import", "sync.request", "credential.claim", "credential.undo"])
    }
}
