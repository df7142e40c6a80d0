import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

/// A real `credsync sync --wait` of a 50,000-credential platform is SIGKILLed at random moments and restarted; the
/// final rows must equal an uninterrupted run's, with no credential stored twice. Once with transactions smaller than
/// a page (kills land mid-page) and once at the default `SYNC_BATCH_SIZE`, one transaction per 1,000-item page.
@Suite(.serialized) struct SyncKillTests {
    static let records = 50_000
    let home = TemporaryDirectory("credsync-kill")
    let simulator = PlatformSimulator(
        platforms: [SimulatedPlatform(name: "nsqf", contract: .nsqf, count: SyncKillTests.records, seed: 11, pageSizeCap: 1_000)])

    init() throws {
        try simulator.start()
    }

    /// A short engine lease so each restart takes over quickly. The job lease is longer: every kill already costs
    /// the job one stall (of `SYNC_MAX_ATTEMPTS`), and a 2 s job lease could lapse once more on a loaded machine.
    private func environment(_ database: String, batchSize: Int) -> [String: String] {
        CredsyncProcess.environment(
            home: home.path,
            [
                "CREDSYNC_DB": database, "CREDSYNC_ENCRYPTION_KEY": String(repeating: "ab", count: 32),
                "ENGINE_LEASE_SECONDS": "2", "JOB_LEASE_SECONDS": "6", "SYNC_JOBS_PER_MINUTE": "1000",
                "SYNC_AUTO_START": "false", "SYNC_BATCH_SIZE": "\(batchSize)",
            ])
    }

    /// A database with the users and the platform, added through the real commands.
    private func prepare(_ database: String, batchSize: Int) throws {
        let users = home.file("users.csv")
        if !FileManager.default.fileExists(atPath: users) {
            try simulator.users(for: "nsqf", fraction: 0.8).csv.write(toFile: users, atomically: true, encoding: .utf8)
            var definition = simulator.definition(for: "nsqf")
            definition.config["pageSize"] = .integer(1_000)
            let file: JSONObject = [
                "name": .string("nsqf"), "adapter": .string("nsqf"), "api_base_url": .string(definition.apiBaseURL),
                "auth_type": .string(definition.authType.rawValue), "config": .object(definition.config),
            ]
            try JSONValue.object(file).serialized.write(toFile: home.file("platform.json"), atomically: true, encoding: .utf8)
            try JSONValue.object(simulator.secrets(for: "nsqf")).serialized.write(
                toFile: home.file("secrets.json"), atomically: true, encoding: .utf8)
        }
        let env = environment(database, batchSize: batchSize)
        let imported = try CredsyncProcess.run(["users", "import", users], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let added = try CredsyncProcess.run(
            ["platforms", "add", "--file", home.file("platform.json"), "--secret-file", home.file("secrets.json")],
            environment: env)
        #expect(added.status == 0, "\(added.stderr)")
    }

    /// Platform, external id, status, user and title of every credential, in order.
    private func digest(_ database: String) throws -> (rows: Int, distinct: Int, digest: Int64) {
        let db = try Database.open(path: database)
        var text = ""
        try db.cached(
            """
            SELECT p.name, c.external_id, c.status, ifnull(c.user_id, 0), ifnull(c.certificate_title, '')
            FROM external_credentials c JOIN platforms p ON p.id = c.platform_id ORDER BY p.name, c.external_id
            """
        ).forEach { row in
            text += "\(row.text(0))|\(row.text(1))|\(row.text(2))|\(row.int(3))|\(row.text(4))\n"
        }
        let rows = try db.first("SELECT count(*) FROM external_credentials") { $0.int(0) } ?? 0
        let distinct = try db.first("SELECT count(DISTINCT platform_id || ':' || external_id) FROM external_credentials") {
            $0.int(0)
        } ?? 0
        return (rows, distinct, FNV1a.hash(text))
    }

    private func progress(_ database: String) throws -> Int {
        let db = try Database.open(path: database)
        return try db.first("SELECT count(*) FROM external_credentials") { $0.int(0) } ?? 0
    }

    @Test(arguments: [200, Settings.defaultBatchSize])
    func killedSyncsResumeToTheSameRowsAsAnUninterruptedRun(batchSize: Int) throws {
        let reference = home.file("reference-\(batchSize).db")
        try prepare(reference, batchSize: batchSize)
        let uninterrupted = try CredsyncProcess.run(
            ["sync", "nsqf", "--wait"], environment: environment(reference, batchSize: batchSize))
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let expected = try digest(reference)
        #expect(expected.rows > SyncKillTests.records * 9 / 10)

        let killed = home.file("killed-\(batchSize).db")
        try prepare(killed, batchSize: batchSize)
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var lastCount = 0
        for _ in 0..<3 {
            let process = CredsyncProcess(["sync", "nsqf", "--wait"], environment: environment(killed, batchSize: batchSize))
            try process.start()
            // Kill somewhere in the next stretch of rows: mid-batch, mid-page, between pages.
            let target = lastCount + Int.random(in: 2_000...9_000, using: &generator)
            let reached = try eventually(timeoutSeconds: 120) { try progress(killed) >= target || !process.process.isRunning }
            #expect(reached)
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &generator))
            guard process.process.isRunning else { break }
            process.signal(SIGKILL)
            _ = process.wait()
            kills += 1
            lastCount = try progress(killed)
        }
        #expect(kills >= 1)
        let finish = try CredsyncProcess.run(
            ["sync", "nsqf", "--wait"], environment: environment(killed, batchSize: batchSize))
        #expect(finish.status == 0, "\(finish.stderr)")
        let actual = try digest(killed)
        #expect(actual.rows == actual.distinct)
        #expect(actual.rows == expected.rows)
        #expect(actual.digest == expected.digest)
    }
}
