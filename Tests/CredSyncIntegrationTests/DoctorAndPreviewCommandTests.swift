import CredSyncCore
import CredSyncSim
import CredSyncTUI
import CredSyncTestSupport
import Foundation
import Testing

/// `credsync platforms test` and `credsync doctor` through the real binary, against the simulator: a preview stores
/// nothing, and doctor passes a healthy setup and names what is wrong with each broken one.
@Suite(.serialized) struct DoctorAndPreviewCommandTests {
    let home = TemporaryDirectory("credsync-doctor")
    let simulator = PlatformSimulator(
        platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 300, seed: 5, pageSizeCap: 100)])
    var database: String { home.file("doctor.db") }
    var keyFile: String { home.path + "/config/credsync/key" }

    init() throws {
        try simulator.start()
        let definition = simulator.definition(for: "swayam")
        let file: JSONObject = [
            "name": .string("swayam"), "adapter": .string("swayam"), "api_base_url": .string(definition.apiBaseURL),
            "auth_type": .string("api_key"), "config": .object(["pageSize": .integer(100)]),
        ]
        try JSONValue.object(file).serialized.write(toFile: home.file("swayam.json"), atomically: true, encoding: .utf8)
        try JSONValue.object(simulator.secrets(for: "swayam")).serialized.write(
            toFile: home.file("secrets.json"), atomically: true, encoding: .utf8)
        let added = try credsync([
            "platforms", "add", "--file", home.file("swayam.json"), "--secret-file", home.file("secrets.json"),
        ])
        try #require(added.status == 0, "\(added.stderr)")
    }

    @discardableResult
    func credsync(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(
            arguments,
            environment: CredsyncProcess.environment(
                home: home.path, ["CREDSYNC_DB": database, "SYNC_AUTO_START": "false"]))
    }

    /// The doctor's lines that failed.
    func failures(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("✗") }
    }

    // MARK: - platforms test

    @Test func platformsTestShowsTheFirstPageAndStoresNothing() throws {
        let db = try Database.open(path: database)
        let before = try rowCounts(db)
        let shown = try credsync(["platforms", "test", "swayam"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("EXTERNAL ID"))
        #expect(shown.stdout.contains("pending: no user with this email or phone"), "\(shown.stdout)")
        #expect(shown.stdout.contains("totals: first page: 100 items — "), "\(shown.stdout)")
        #expect(shown.stdout.contains("next cursor: "))
        #expect(shown.stdout.contains("nothing was stored"))

        let trial: JSONObject = [
            "name": .string("trial"), "adapter": .string("swayam"),
            "api_base_url": .string(simulator.definition(for: "swayam").apiBaseURL), "auth_type": .string("api_key"),
            "config": .object(["pageSize": .integer(20)]),
        ]
        try JSONValue.object(trial).serialized.write(toFile: home.file("trial.json"), atomically: true, encoding: .utf8)
        let scripted = try credsync([
            "platforms", "test", "--file", home.file("trial.json"), "--secret-file", home.file("secrets.json"),
            "--json",
        ])
        #expect(scripted.status == 0, "\(scripted.stderr)")
        let json = try JSONParser.parse(scripted.stdout)
        #expect(json["platform"]?.stringValue == "trial")
        #expect(json["items"]?.arrayValue?.count == 20)
        #expect(json["totals"]?["items"]?.intValue == 20)
        #expect(json["items"]?[0]?["outcome"]?.stringValue == "pending")
        #expect(json["items"]?[0]?["external_id"]?.stringValue?.isEmpty == false)
        #expect(json["items"]?[0]?["user_id"]?.isNull == true, "every field is there, null when empty")
        #expect(json["next_cursor"]?.stringValue != nil)
        #expect(try rowCounts(db) == before, "neither preview stored a row")

        let wrong = try credsync(["platforms", "test", "nope"])
        #expect(wrong.status == 1)
    }

    @Test func theDashboardsFormPreviewGoesThroughTheSameOperationAndStoresNothing() throws {
        let settings = try Settings.load(
            flags: [:], environment: CredsyncProcess.environment(home: home.path, ["CREDSYNC_DB": database]),
            configFile: nil)
        let box = try KeyRing.load(environment: [:], keyFilePath: keyFile, createIfMissing: false).box
        let dataSource = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(settings: settings, actor: "operator", secretBox: box),
            engine: nil)
        let db = try Database.open(path: database)
        let before = try rowCounts(db)
        let edited = dataSource.perform(
            .previewPlatform(
                platformId: 1, changes: try PlatformChanges(json: ["config": .object(["pageSize": .integer(7)])]),
                secrets: nil))
        #expect(edited.succeeded, "\(edited.message)")
        #expect(edited.message.hasPrefix("first page: 7 items — 7 pending (no user"), "\(edited.message)")
        let wrong = dataSource.perform(
            .previewPlatform(platformId: 1, changes: PlatformChanges(), secrets: PlatformSecrets(apiKey: "wrong")))
        #expect(!wrong.succeeded)
        #expect(wrong.message.contains("401"), "\(wrong.message)")
        #expect(try rowCounts(db) == before)
        let stored = try PlatformStore(db: db, clock: SystemClock()).require("swayam")
        #expect(stored.definition.config["pageSize"]?.intValue == 100, "the edit was previewed, not saved")
    }

    // MARK: - doctor

    @Test func doctorPassesAHealthySetup() throws {
        let result = try credsync(["doctor"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(failures(result.stdout).isEmpty)
        for expected in [
            "✓ key       key file \(keyFile) found", "✓ key       key file mode 0600", "opens all 1 stored secrets",
            "readable and writable", "quick_check: ok", "no engine holds the lease",
            "✓ platform  swayam: reachable and authenticated (1 request)", "all ",
        ] {
            #expect(result.stdout.contains(expected), "\(expected) in \(result.stdout)")
        }
        let json = try JSONParser.parse(try credsync(["doctor", "--json"]).stdout)
        #expect(json["passed"] == .bool(true))
        #expect((json["checks"]?.arrayValue?.count ?? 0) >= 10)
    }

    @Test func doctorFailsOnAKeyFileOthersCanRead() throws {
        chmod(keyFile, 0o644)
        let result = try credsync(["doctor"])
        #expect(result.status == 1)
        #expect(
            failures(result.stdout).contains {
                $0.contains("key file mode is 0644") && $0.contains("run 'chmod 600 \(keyFile)'")
            }, "\(result.stdout)")
    }

    @Test func doctorFailsOnAWrongKey() throws {
        try FileManager.default.removeItem(atPath: keyFile)
        try KeyStore.writeKeyFile(try KeyStore.generate(), to: keyFile)
        let result = try credsync(["doctor"])
        #expect(result.status == 1)
        let failed = failures(result.stdout)
        #expect(failed.contains { $0.contains("cannot open 1 of 1 stored secrets") }, "\(result.stdout)")
        #expect(failed.contains { $0.hasPrefix("✗ platform  swayam:") }, "\(result.stdout)")
    }

    @Test func doctorFailsOnAnUnreachablePlatform() throws {
        simulator.stop()
        let result = try credsync(["doctor", "--json"])
        #expect(result.status == 1)
        let json = try JSONParser.parse(result.stdout)
        #expect(json["passed"] == .bool(false))
        let failed = (json["checks"]?.arrayValue ?? []).filter { $0["passed"] == .bool(false) }
        #expect(failed.count == 1, "\(result.stdout)")
        #expect(failed.first?["area"]?.stringValue == "platform")
        #expect(failed.first?["detail"]?.stringValue?.hasPrefix("swayam: ") == true, "\(result.stdout)")
    }

    @Test func doctorFailsOnAStaleEngineLease() throws {
        let db = try Database.open(path: database)
        let anHourAgo = ManualClock(nowMs: SystemClock().nowMs - 3_600_000)
        _ = try EngineLeaseStore(db: db, clock: anHourAgo).tryAcquire(
            EngineIdentity(holder: "gone", pid: 999_999, host: "old-host"), ttlMs: 15_000)
        let result = try credsync(["doctor"])
        #expect(result.status == 1)
        #expect(
            failures(result.stdout) == [
                failures(result.stdout).first { $0.contains("stale lease: pid 999999 on old-host") } ?? "missing"
            ], "\(result.stdout)")
    }
}
