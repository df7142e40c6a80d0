import CredSyncCore
import CredSyncSim
import CredSyncTestSupport
import Foundation
import Testing

/// The operations layer meeting a running engine in another process: edits reach it at the next page, a bad stored
/// setting fails only its own platform, an operator's token refresh reaches the webhook, and a dashboard viewer
/// takes the engine over when the daemon dies.
@Suite(.serialized) struct EngineProcessTests {
    let home = TemporaryDirectory("credsync-engine-process")
    var database: String { home.file("engine.db") }

    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        CredsyncProcess.environment(
            home: home.path,
            [
                "CREDSYNC_DB": database, "SYNC_AUTO_START": "false", "SYNC_JOBS_PER_MINUTE": "1000",
                "ENGINE_LEASE_SECONDS": "2", "JOB_LEASE_SECONDS": "2",
            ].merging(extra) { _, new in new })
    }

    @discardableResult
    func credsync(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CredsyncProcess.run(arguments, environment: environment(extra))
    }

    /// Adds `name` served by `simulator` through the real binary.
    func addPlatform(
        _ name: String, simulator: PlatformSimulator, config: JSONObject = [:], _ extra: [String: String] = [:]
    ) throws {
        let definition = simulator.definition(for: name)
        var merged = definition.config
        for (key, value) in config { merged[key] = value }
        let file: JSONObject = [
            "name": .string(name), "adapter": .string(definition.adapter), "api_base_url": .string(definition.apiBaseURL),
            "auth_type": .string(definition.authType.rawValue), "config": .object(merged),
        ]
        try JSONValue.object(file).serialized.write(toFile: home.file("\(name).json"), atomically: true, encoding: .utf8)
        try JSONValue.object(simulator.secrets(for: name)).serialized.write(
            toFile: home.file("\(name)-secrets.json"), atomically: true, encoding: .utf8)
        let result = try credsync(
            [
                "platforms", "add", "--file", home.file("\(name).json"), "--secret-file",
                home.file("\(name)-secrets.json"),
            ], extra)
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// The simulator of a refresh-token platform `rt`, added with `key`, whose refresh token is then revoked.
    func revokedRefreshTokenPlatform(key: [String: String]) throws -> PlatformSimulator {
        let simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(
                    name: "rt", contract: .genericRest, count: 10, seed: 3, tokenLifetimeSeconds: 86_400,
                    auth: .refreshToken)
            ])
        try simulator.start()
        try addPlatform("rt", simulator: simulator, key)
        simulator.revokeTokens(platform: "rt")
        return simulator
    }

    func job(_ db: Connection, platform: String) throws -> Job? {
        let id = try PlatformStore(db: db, clock: SystemClock()).require(platform).id
        return try JobQueue(db: db, clock: SystemClock()).jobs(limit: 100).first { $0.platformId == id }
    }

    @Test func anEditOfTheDelayByAnotherProcessPacesTheRunningEnginesNextPages() throws {
        let simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 4_000, seed: 8, pageSizeCap: 50)])
        try simulator.start()
        try addPlatform(
            "swayam", simulator: simulator, config: ["pageSize": .integer(50), "delayBetweenPages": .integer(100)])
        let daemon = CredsyncProcess(["daemon"], environment: environment())
        try daemon.start()
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.wait()
        }
        try #require(try credsync(["sync", "swayam"]).status == 0)
        #expect(eventually(timeoutSeconds: 20) { simulator.counters(platform: "swayam").pages >= 5 })

        // Another process slows the platform down: from the next page on, one page per 1.5 s.
        try #require(try credsync(["platforms", "edit", "swayam", "--config", #"{"delayBetweenPages": 1500}"#]).status == 0)
        Thread.sleep(forTimeInterval: 0.3)
        let before = simulator.counters(platform: "swayam").pages
        Thread.sleep(forTimeInterval: 3)
        let slowed = simulator.counters(platform: "swayam").pages - before
        #expect(slowed <= 3, "\(slowed) pages in 3 s after the edit; the new delay allows at most 3")

        // And speeds it up again; the run finishes with every credential.
        try #require(try credsync(["platforms", "edit", "swayam", "--config", #"{"delayBetweenPages": 0}"#]).status == 0)
        let db = try Database.open(path: database)
        #expect(try eventually(timeoutSeconds: 60) { try job(db, platform: "swayam")?.state == .completed })
        let stored = try CredentialStore(db: db, clock: SystemClock()).count(platformId: 1)
        let run = try #require(try SyncRunStore(db: db, clock: SystemClock()).runs(platformId: 1, limit: 1).first)
        #expect(stored == run.created && stored > 3_800, "stored \(stored), created \(run.created), invalid \(run.invalid)")
    }

    @Test func aStoredOutOfRangeValueFailsOnlyItsPlatformWithAMessageAndTheDaemonKeepsSyncing() throws {
        let simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(name: "good", contract: .swayam, count: 300, seed: 4, pageSizeCap: 100),
                SimulatedPlatform(name: "old", contract: .swayam, count: 300, seed: 5, pageSizeCap: 100),
            ])
        try simulator.start()
        try addPlatform("good", simulator: simulator)
        try addPlatform("old", simulator: simulator)
        // What an older version let in.
        let db = try Database.open(path: database)
        try db.run(
            """
            UPDATE platforms SET config = json_set(config, '$.timeoutSeconds', 1e16, '$.lookbackMinutes', 1e16),
                sync_frequency_hours = 10000000000000000
            WHERE name = 'old'
            """)
        let shown = try credsync(["platforms", "show", "old"])
        #expect(shown.status == 0, "showing it does not trap: \(shown.stderr)")
        let daemon = CredsyncProcess(["daemon"], environment: environment())
        try daemon.start()
        try #require(try credsync(["sync", "old", "good"]).status == 0)
        #expect(try eventually(timeoutSeconds: 30) {
            try job(db, platform: "old")?.isFinished == true && job(db, platform: "good")?.isFinished == true
        })
        let old = try #require(try job(db, platform: "old"))
        #expect(old.state == .failed)
        #expect(old.attempts == 1, "a configuration error is not retried")
        #expect(old.lastError?.contains("platform 'old': config.") == true, "\(old.lastError ?? "")")
        #expect(try job(db, platform: "good")?.state == .completed)
        daemon.signal(SIGTERM)
        let result = daemon.wait()
        #expect(result.status == 0, "the daemon ran on and stopped cleanly: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func aRefusedTokenRefreshFromTheCommandLineReachesTheWebhook() throws {
        let received = Received()
        let receiver = LoopbackHTTPServer { request in
            received.append(String(decoding: request.body, as: UTF8.self))
            return HTTPResponse(status: 204)
        }
        try receiver.start()
        let key = ["CREDSYNC_ENCRYPTION_KEY": String(repeating: "ab", count: 32)]
        let simulator = try revokedRefreshTokenPlatform(key: key)
        let result = try credsync(
            ["tokens", "refresh", "rt"], key.merging(["ALERT_WEBHOOK_URL": receiver.baseURL + "/hook"]) { _, new in new })
        #expect(result.status == 1)
        #expect(result.stderr.contains("rt: refused"))
        let posts = received.all
        #expect(posts.count == 1)
        #expect(posts.first?.contains(#""kind":"token_refresh_failed""#) == true, "\(posts)")
        #expect(posts.first?.contains(#""event":"raised""#) == true)
        #expect(posts.first?.contains(#""platform":"rt""#) == true)
        withExtendedLifetime(simulator) {}
    }

    @Test func aCommandWaitsForItsAlertThroughTwoFailedPostsBeforeItExits() throws {
        let received = Received()
        let receiver = LoopbackHTTPServer { request in
            received.append(String(decoding: request.body, as: UTF8.self))
            return HTTPResponse(status: received.all.count <= 2 ? 503 : 200)
        }
        try receiver.start()
        let key = ["CREDSYNC_ENCRYPTION_KEY": String(repeating: "cd", count: 32)]
        let simulator = try revokedRefreshTokenPlatform(key: key)
        let started = Date()
        let result = try credsync(
            ["tokens", "refresh", "rt"],
            key.merging(["ALERT_WEBHOOK_URL": receiver.baseURL + "/hook", "ALERT_WEBHOOK_FORMAT": "slack"]) { _, new in
                new
            })
        #expect(result.status == 1)
        let posts = received.all
        #expect(posts.count == 3, "two refusals, then the 1 s and 2 s retries; delivered before exit: \(posts)")
        #expect(Set(posts).count == 1, "the same body each time")
        let text = try JSONParser.parse(posts.first ?? "{}")["text"]?.stringValue ?? ""
        #expect(text.hasPrefix(":rotating_light: *credsync alert raised: token_refresh_failed on rt* — "), "\(text)")
        #expect(Date().timeIntervalSince(started) < 10, "the flush is bounded")
        withExtendedLifetime(simulator) {}
    }

    /// The engine reads the key when a job needs it: a daemon started before the first secret existed syncs a
    /// platform added afterwards (whose secret created the key file).
    @Test func aDaemonStartedBeforeTheFirstKeySyncsAPlatformAddedLater() throws {
        let simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 200, seed: 6, pageSizeCap: 100)])
        try simulator.start()
        let daemon = CredsyncProcess(["daemon"], environment: environment())
        try daemon.start()
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.wait()
        }
        let db = try Database.open(path: database)
        #expect(eventually(timeoutSeconds: 10) { (try? EngineLeaseStore(db: db, clock: SystemClock()).current()) != nil })
        #expect(!FileManager.default.fileExists(atPath: "\(home.path)/config/credsync/key"))
        try addPlatform("swayam", simulator: simulator)
        try #require(try credsync(["sync", "swayam"]).status == 0)
        #expect(try eventually(timeoutSeconds: 20) { try job(db, platform: "swayam")?.isFinished == true })
        let finished = try #require(try job(db, platform: "swayam"))
        #expect(finished.state == .completed, "\(finished.lastError ?? "")")
    }

    @Test func aDashboardViewerTakesOverWhenTheDaemonDiesAndRunsTheWaitingJobOnce() throws {
        let simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 500, seed: 9, pageSizeCap: 100)])
        try simulator.start()
        try addPlatform("swayam", simulator: simulator)
        let daemon = CredsyncProcess(["daemon"], environment: environment())
        try daemon.start()
        let db = try Database.open(path: database)
        #expect(try eventually(timeoutSeconds: 10) { try EngineLeaseStore(db: db, clock: SystemClock()).current() != nil })

        let terminal = try TmuxSession("credsync-takeover")
        try terminal.launchCredsync([], environment: environment())
        let viewing = try terminal.waitFor("viewer", timeout: 30)
        #expect(viewing, "\((try? terminal.screen()) ?? "")")

        daemon.signal(SIGKILL)
        _ = daemon.wait()
        try #require(try credsync(["sync", "swayam"]).status == 0)
        // The lease lasts 2 s; the viewer polls it every second.
        #expect(try eventually(timeoutSeconds: 15) { try job(db, platform: "swayam")?.state == .completed })
        let header = { (try? terminal.screen())?.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(eventually(timeoutSeconds: 10) { header().contains("● engine") }, "the header says engine now: \(header())")
        let runs = try SyncRunStore(db: db, clock: SystemClock()).runs(platformId: 1, limit: 10)
        #expect(runs.count == 1, "the job ran once: \(runs.map(\.status))")
        let stored = try CredentialStore(db: db, clock: SystemClock()).count(platformId: 1)
        #expect(stored == runs.first?.created && stored > 450, "stored \(stored)")
        try terminal.keys("q")
        if try !terminal.waitFor("EXITED=", timeout: 3) { try terminal.keys("y") }
        #expect(try terminal.waitFor("EXITED=0", timeout: 15))
    }
}

/// Webhook bodies a receiver got, under a lock.
final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    func append(_ body: String) { lock.withLock { bodies.append(body) } }
    var all: [String] { lock.withLock { bodies } }
}
