import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// Events the session reported about its requests, under a lock.
private final class Waits: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Int64?] = []
    func append(_ event: Int64?) { lock.withLock { events.append(event) } }
    var all: [Int64?] { lock.withLock { events } }
}

/// A server that accepts the connection and never answers holds a page no longer than `SYNC_PAGE_TIMEOUT_SECONDS`,
/// however long the platform's own timeout and however many retries are left; the job shows what it waits for.
@Suite struct SilentServerTests {
    @Test func aSilentServerHoldsOnePageNoLongerThanThePageBudget() throws {
        let fixture = try TestDatabase()
        let simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 10, seed: 1, pageSizeCap: 10)])
        try simulator.start()
        simulator.inject(.hang, platform: "swayam", times: nil)
        var definition = simulator.definition(for: "swayam")
        definition.config["timeoutSeconds"] = .integer(30)
        let box = SecretBox(currentKey: try KeyStore.generate())
        let platform = try PlatformStore(db: fixture.db, clock: fixture.clock).add(
            definition, secrets: PlatformSecrets(apiKey: simulator.platform(named: "swayam").apiKey), box: box)
        let waits = Waits()
        var dependencies = PlatformSession.Dependencies(
            client: HTTPClient(options: HTTPClient.Options(connectTimeoutMs: 1_000, timeoutMs: 30_000)), tokens: nil,
            pacers: PacerRegistry(), retryPolicy: HTTPRetryPolicy(maxRetries: 3, baseMs: 10, capMs: 20, maxTotalMs: 1_500),
            clock: SystemClock())
        dependencies.awaitingResponse = { waits.append($0) }
        let session = try PlatformSession(
            platform: platform, secrets: PlatformSecrets(apiKey: simulator.platform(named: "swayam").apiKey),
            dependencies: dependencies)
        let started = Date()
        #expect(throws: SyncError.self) {
            _ = try session.get(definition.url("v1/completions"), query: [("limit", "10")], headers: [])
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 4, "held \(elapsed) s with a 1.5 s page budget and a 30 s request timeout")
        #expect(elapsed >= 1.4)
        let events = waits.all
        #expect(events.count >= 2 && events.count % 2 == 0, "\(events)")
        #expect(events.first.map { $0 != nil } == true && events.last.map { $0 == nil } == true, "each request is marked out and back")
        simulator.clearFaults(platform: "swayam")
    }

    /// The page budget counts the platform's time, not the pacing credsync imposes: a page that waited out a long
    /// `delayBetweenPages` still gets its full timeout.
    @Test func pacingWaitsDoNotEatThePageBudget() throws {
        let fixture = try TestDatabase()
        let simulator = PlatformSimulator(
            platforms: [SimulatedPlatform(name: "swayam", contract: .swayam, count: 10, seed: 1, pageSizeCap: 10)])
        try simulator.start()
        var definition = simulator.definition(for: "swayam")
        definition.config["delayBetweenPages"] = .integer(120_000)
        let key = simulator.platform(named: "swayam").apiKey
        let platform = try PlatformStore(db: fixture.db, clock: fixture.clock).add(
            definition, secrets: PlatformSecrets(apiKey: key), box: SecretBox(currentKey: try KeyStore.generate()))
        // Waits pass on the injected clock; the platform answers after 1.5 s of real time.
        let clock = fixture.clock
        let dependencies = PlatformSession.Dependencies(
            client: HTTPClient(options: HTTPClient.Options(connectTimeoutMs: 1_000, timeoutMs: 30_000)), tokens: nil,
            pacers: PacerRegistry(), retryPolicy: HTTPRetryPolicy(maxRetries: 0, maxTotalMs: 90_000), clock: clock,
            sleep: { clock.advance(byMs: $0) })
        let session = try PlatformSession(platform: platform, secrets: PlatformSecrets(apiKey: key), dependencies: dependencies)
        let url = definition.url("v1/completions")
        simulator.inject(.delay(ms: 1_500), platform: "swayam", times: nil)
        _ = try session.get(url, query: [("limit", "10")], headers: [])
        // The second page waits 120 s for the pacer first, then must still have time for a 1.5 s answer.
        let second = try session.get(url, query: [("limit", "10")], headers: [])
        #expect(second.status == 200)
        simulator.clearFaults(platform: "swayam")
    }

    @Test func theSettingIsDocumentedWithItsRange() throws {
        let descriptor = try #require(Settings.descriptors.first { $0.name == "SYNC_PAGE_TIMEOUT_SECONDS" })
        #expect(descriptor.help.contains("silent server"))
        #expect(throws: (any Error).self) {
            try Settings.load(flags: ["SYNC_PAGE_TIMEOUT_SECONDS": "0"], environment: ["HOME": "/tmp"], configFile: nil)
        }
    }
}
