import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// The demo as `credsync demo` starts it: five platforms across the adapters, users, syncs that run — Credly's
/// through retries — and a token close to expiry.
@Suite struct DemoSetupTests {
    @Test func theDemoSyncsEveryPlatformWithRetriesAndAnExpiringToken() throws {
        let directory = TemporaryDirectory("credsync-demo")
        let path = directory.file("demo.db")
        let db = try Database.open(path: path)
        let box = SecretBox(currentKey: try KeyStore.generate())
        let demo = try DemoSetup(db: db, box: box, actor: "test", scale: 0.02)
        defer { demo.stop() }
        let platforms = try PlatformStore(db: db, clock: SystemClock()).all()
        #expect(Set(platforms.map(\.definition.adapter)) == ["nsqf", "swayam", "openbadges", "credly", "generic_rest"])
        #expect(try db.first("SELECT count(*) FROM users") { $0.int(0) } ?? 0 > 100)
        #expect(try db.first("SELECT count(*) FROM jobs WHERE state = 'waiting'") { $0.int(0) } == 5)

        let policy = QueuePolicy(maxAttempts: 3, backoff: Backoff(baseSeconds: 1), startRate: nil, jobLeaseMs: 5_000)
        let handler = SyncJobHandler(
            policy: SyncPolicy(batchSize: 100, httpRetry: HTTPRetryPolicy(maxRetries: 3, baseMs: 5, capMs: 20)),
            clock: SystemClock(), secretBox: box, sleep: { _ in })
        let engine = Engine(
            configuration: Engine.Configuration(
                databasePath: path, concurrency: 3, queuePolicy: policy, housekeepingIntervalMs: 100, idlePollMs: 50),
            handlers: [handler])
        #expect(try engine.start() == .engine)
        defer { engine.shutdown() }
        let finished = try eventually(timeoutSeconds: 60) {
            try db.first("SELECT count(*) FROM jobs WHERE state IN ('completed', 'failed')") { $0.int(0) } == 5
        }
        #expect(finished)
        let runs = try SyncRunStore(db: db, clock: SystemClock()).runs(limit: 50)
        #expect(Set(runs.filter { $0.status != .failed }.map(\.platformName)).count == 5)
        #expect(runs.contains { $0.platformName == "credly" && $0.status == .failed })
        #expect(try db.first("SELECT count(*) FROM external_credentials WHERE status = 'pending'") { $0.int(0) } ?? 0 > 0)
        let tokens = try TokenStatus.all(db: db)
        #expect(tokens.contains { $0.platformName == "openbadges" && $0.expiresAtMs != nil })
    }
}
