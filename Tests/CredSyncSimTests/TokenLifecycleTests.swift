import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

// MARK: - Fixtures

private let day: Int64 = 86_400_000
private let window: Int64 = 7 * day

private func platformSecrets(_ object: JSONObject) -> PlatformSecrets {
    PlatformSecrets(
        apiKey: object["apiKey"]?.stringValue, clientId: object["clientId"]?.stringValue,
        clientSecret: object["clientSecret"]?.stringValue, accessToken: object["accessToken"]?.stringValue,
        refreshToken: object["refreshToken"]?.stringValue)
}

/// Alert events the handlers reported, gathered under a lock.
final class AlertEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [AlertEvent] = []
    func append(_ more: [AlertEvent]) { lock.withLock { events += more } }
    var all: [AlertEvent] { lock.withLock { events } }
}

// MARK: - Tests

/// Token lifecycle (SPEC §6) against the simulator with an injected clock: the refresh job's window, refresh-token
/// rotation, long-lived tokens, refresh before and during a sync, and what a revoked token does to a platform.
@Suite struct TokenLifecycleTests {
    let fixture: TestDatabase
    let simulator: PlatformSimulator
    let box: SecretBox
    let queue: JobQueue
    let alerts = AlertEvents()
    var platforms: [String: Platform] = [:]

    init() throws {
        fixture = try TestDatabase()
        simulator = PlatformSimulator(
            platforms: [
                SimulatedPlatform(
                    name: "rt", contract: .genericRest, count: 40, seed: 11, tokenLifetimeSeconds: 30 * 86_400,
                    auth: .refreshToken),
                SimulatedPlatform(
                    name: "ll", contract: .genericRest, count: 40, seed: 12, tokenLifetimeSeconds: 60 * 86_400,
                    auth: .longLivedToken),
                SimulatedPlatform(name: "static", contract: .genericRest, count: 40, seed: 13, auth: .bearer),
            ], clock: fixture.clock)
        try simulator.start()
        box = SecretBox(currentKey: try KeyStore.generate())
        queue = JobQueue(db: fixture.db, clock: fixture.clock, policy: QueuePolicy(startRate: nil), unitRandom: { 0.5 })
        let store = PlatformStore(db: fixture.db, clock: fixture.clock)
        for name in ["rt", "ll", "static"] {
            var definition = simulator.definition(for: name)
            definition.config["timeoutSeconds"] = .integer(2)
            if name == "ll" {
                // The operator knows the long-lived token entered today expires in 3 days.
                definition.config["tokenExpiresAt"] = .string(Timestamp.iso8601(fixture.clock.nowMs + 3 * day))
            }
            platforms[name] = try store.add(
                definition, secrets: platformSecrets(simulator.secrets(for: name)), box: box)
        }
    }

    private var policy: SyncPolicy {
        SyncPolicy(
            batchSize: 50, httpRetry: HTTPRetryPolicy(maxRetries: 1, baseMs: 1, capMs: 2),
            httpOptions: HTTPClient.Options(connectTimeoutMs: 1_000, timeoutMs: 2_000))
    }

    private func run(_ handler: any JobHandler, platformId: Int64?) throws -> JobOutcome {
        try queue.enqueue(
            kind: handler.kind, platformId: platformId, trigger: .manual,
            payload: handler.kind == .sync ? SyncJobHandler.Request(full: true).json : nil)
        guard case .claimed(let job) = try queue.claim(holder: "w", kinds: [handler.kind]) else {
            throw QueueError.leaseLost(jobId: -1)
        }
        let outcome = try handler.perform(JobContext.standalone(job: job, holder: "w", queue: queue))
        try queue.complete(jobId: job.id, holder: "w", outcome: outcome)
        if case .retry = outcome { _ = try queue.cancel(jobId: job.id) }
        return outcome
    }

    private func refreshJob() throws -> JobOutcome {
        let events = alerts
        return try run(
            TokenRefreshJobHandler(
                windowMs: window, clock: fixture.clock, secretBox: box, policy: policy, actor: "tester",
                alertSink: { events.append($0) }, sleep: { _ in }),
            platformId: nil)
    }

    private func sync(_ name: String) throws -> JobOutcome {
        let events = alerts
        return try run(
            SyncJobHandler(
                policy: policy, clock: fixture.clock, secretBox: box, alertSink: { events.append($0) },
                sleep: { _ in }, actor: "tester"),
            platformId: platforms[name]!.id)
    }

    private func tokenRequests(_ name: String) -> Int { simulator.counters(platform: name).tokens }

    private func stored(_ name: String) throws -> TokenStore.Token? {
        try TokenStore(db: fixture.db, clock: fixture.clock, box: box).token(for: platforms[name]!)
    }

    private func platform(_ name: String) throws -> Platform {
        try #require(try PlatformStore(db: fixture.db, clock: fixture.clock).platform(named: name))
    }

    private func openAlert(_ kind: AlertKind, _ name: String) throws -> Alert? {
        try AlertStore(db: fixture.db, clock: fixture.clock).alerts().first {
            $0.kind == kind && $0.platformName == name
        }
    }

    private func auditActions() throws -> [String] {
        try AuditLog(db: fixture.db, clock: fixture.clock, actor: "").entries(limit: 100).map {
            "\($0.action) \($0.target ?? "")"
        }
    }

    // MARK: - The refresh job

    @Test func theRefreshJobRenewsTokensInsideTheWindowAndLeavesTheOthers() throws {
        #expect(try refreshJob() == .succeeded)
        #expect(tokenRequests("rt") == 1)
        #expect(tokenRequests("ll") == 1)
        let first = try #require(try stored("rt"))
        #expect(first.expiresAtMs == fixture.clock.nowMs + 30 * day)

        // 22 days later rt expires in 8 days, ll in 38: outside the 7-day window, nothing is asked.
        fixture.clock.advance(byMs: 22 * day)
        #expect(try refreshJob() == .succeeded)
        #expect(tokenRequests("rt") == 1)
        #expect(tokenRequests("ll") == 1)

        // Two days more: rt expires in 6 days, inside the window.
        fixture.clock.advance(byMs: 2 * day)
        #expect(try refreshJob() == .succeeded)
        #expect(tokenRequests("rt") == 2)
        #expect(tokenRequests("ll") == 1)
        #expect(try stored("rt")?.expiresAtMs == fixture.clock.nowMs + 30 * day)

        let refreshes = try AuditLog(db: fixture.db, clock: fixture.clock, actor: "").entries().filter {
            $0.action == "token.refresh"
        }
        #expect(refreshes.count == 3)
        #expect(refreshes.allSatisfy { $0.actor == "tester" && $0.details["trigger"] == .string("schedule") })
    }

    @Test func refreshTokensRotateAndTheNewOneIsAlwaysStored() throws {
        let initial = simulator.platform(named: "rt").refreshToken
        #expect(try refreshJob() == .succeeded)
        let first = try #require(try stored("rt")?.refreshToken)
        #expect(first != initial)
        fixture.clock.advance(byMs: 25 * day)
        #expect(try refreshJob() == .succeeded)
        let second = try #require(try stored("rt")?.refreshToken)
        #expect(second != first)
        #expect(try platform("rt").isActive)

        // The simulator spends a refresh token on use: the ones before are dead, so only storing each new one
        // could have kept the platform working.
        let spent = try HTTPClient().send(
            .postForm(
                simulator.baseURL(for: "rt") + "/oauth/token",
                fields: [
                    URLQueryItem(name: "grant_type", value: "refresh_token"),
                    URLQueryItem(name: "refresh_token", value: first),
                ]))
        #expect(spent.status == 400)
        #expect(try sync("rt") == .succeeded)
        let audit = try AuditLog(db: fixture.db, clock: fixture.clock, actor: "").entries(limit: 1).first
        #expect(audit?.details["refresh_token_rotated"] == .bool(true))
    }

    // MARK: - During a sync

    @Test func aSyncRefreshesAnExpiringTokenFirstAndOnceOnA401() throws {
        #expect(try sync("rt") == .succeeded)
        #expect(tokenRequests("rt") == 1)
        let expiry = try #require(try stored("rt")?.expiresAtMs)

        // Six minutes before expiry the token is used as it is; four minutes before, it is refreshed first.
        fixture.clock.set(nowMs: expiry - 6 * 60_000)
        #expect(try sync("rt") == .succeeded)
        #expect(tokenRequests("rt") == 1)
        fixture.clock.set(nowMs: expiry - 4 * 60_000)
        #expect(try sync("rt") == .succeeded)
        #expect(tokenRequests("rt") == 2)

        // The platform forgets its access tokens: the first page answers 401, one refresh, the run goes on.
        simulator.expireTokens(platform: "rt")
        #expect(try sync("rt") == .succeeded)
        #expect(tokenRequests("rt") == 3)
        #expect(try auditActions().filter { $0 == "token.refresh platform:rt" }.count == 3)
    }

    // MARK: - Failures and recovery

    @Test func aRevokedRefreshTokenDisablesThePlatformRaisesAnAlertAndNewCredentialsRecoverIt() throws {
        #expect(try refreshJob() == .succeeded)
        simulator.revokeTokens(platform: "rt")
        fixture.clock.advance(byMs: 25 * day)

        guard case .failed(let error) = try refreshJob() else {
            Issue.record("a refused refresh must fail the job")
            return
        }
        #expect(error.contains("rt (refused"))
        let disabled = try platform("rt")
        #expect(!disabled.isActive)
        #expect(disabled.statusReason?.contains("token refresh failed") == true)
        #expect(disabled.statusReason?.contains("invalid_grant") == true)
        let alert = try #require(try openAlert(.tokenRefreshFailed, "rt"))
        #expect(alert.message.contains("credsync platforms edit rt --secret-stdin"))
        #expect(alerts.all.contains { $0.change == .raised && $0.alert.id == alert.id })
        #expect(try auditActions().first == "token.refresh_failed platform:rt")
        let status = try #require(try TokenStatus.all(db: fixture.db).first { $0.platformName == "rt" })
        #expect(status.state(nowMs: fixture.clock.nowMs, windowMs: window) == .failed)
        // The other platforms are untouched, and a disabled platform does not sync.
        #expect(try platform("ll").isActive)
        guard case .failed(let syncError) = try sync("rt") else {
            Issue.record("a disabled platform must not sync")
            return
        }
        #expect(syncError.contains("disabled"))

        // The operator authorizes again, enters the new refresh token and enables the platform.
        var secrets = platformSecrets(simulator.secrets(for: "rt"))
        secrets.refreshToken = simulator.authorizeAgain(platform: "rt")
        let store = PlatformStore(db: fixture.db, clock: fixture.clock)
        let edited = try store.update(disabled, to: disabled.definition, secrets: secrets, box: box)
        try store.setActive(edited, true)
        #expect(try sync("rt") == .succeeded)
        #expect(try platform("rt").isActive)
        #expect(try openAlert(.tokenRefreshFailed, "rt") == nil)
        #expect(alerts.all.contains { $0.change == .resolved && $0.alert.id == alert.id })
        let recovered = try #require(try TokenStatus.all(db: fixture.db).first { $0.platformName == "rt" })
        #expect(recovered.state(nowMs: fixture.clock.nowMs, windowMs: window) == .ok)
    }

    @Test func aTransientRefreshFailureIsRetriedWithoutDisablingThePlatform() throws {
        #expect(try refreshJob() == .succeeded)
        fixture.clock.advance(byMs: 28 * day)
        simulator.inject(.status(503), platform: "rt", times: nil, on: .token)
        guard case .retry(_, let error) = try refreshJob() else {
            Issue.record("a 503 from the token endpoint must retry the job")
            return
        }
        #expect(error.contains("rt (failed"))
        #expect(try platform("rt").isActive)
        #expect(try openAlert(.tokenExpiring, "rt")?.message.contains("could not be refreshed") == true)
        let status = try #require(try TokenStatus.all(db: fixture.db).first { $0.platformName == "rt" })
        #expect(status.lastError?.contains("503") == true)

        simulator.clearFaults(platform: "rt")
        #expect(try refreshJob() == .succeeded)
        #expect(try openAlert(.tokenExpiring, "rt") == nil)
        #expect(try TokenStatus.all(db: fixture.db).first { $0.platformName == "rt" }?.lastError == nil)
    }

    // MARK: - Long-lived and static tokens

    @Test func aLongLivedTokenIsExchangedAtTheRefreshEndpoint() throws {
        let initial = simulator.platform(named: "ll").token
        // Entered with an expiry 3 days away: inside the window, so the job exchanges it.
        #expect(try refreshJob() == .succeeded)
        #expect(tokenRequests("ll") == 1)
        let exchanged = try #require(try stored("ll"))
        #expect(exchanged.accessToken != initial)
        #expect(exchanged.expiresAtMs == fixture.clock.nowMs + 60 * day)
        #expect(try sync("ll") == .succeeded)

        simulator.revokeTokens(platform: "ll")
        fixture.clock.advance(byMs: 55 * day)
        guard case .failed = try refreshJob() else {
            Issue.record("a revoked long-lived token must fail the refresh")
            return
        }
        #expect(try !platform("ll").isActive)
        #expect(try openAlert(.tokenRefreshFailed, "ll") != nil)
    }

    @Test func aBearerTokenExpiringInsideTheWindowRaisesAnAlertOnlyTheOperatorCanClear() throws {
        let store = PlatformStore(db: fixture.db, clock: fixture.clock)
        var bearer = try platform("static")
        var definition = bearer.definition
        definition.config["tokenExpiresAt"] = .string(Timestamp.iso8601(fixture.clock.nowMs + 3 * day))
        bearer = try store.update(bearer, to: definition, secrets: nil, box: nil)
        #expect(try refreshJob() == .succeeded)
        #expect(try openAlert(.tokenExpiring, "static")?.message.contains("only you can renew it") == true)
        #expect(tokenRequests("static") == 0)

        definition.config["tokenExpiresAt"] = .string(Timestamp.iso8601(fixture.clock.nowMs + 90 * day))
        _ = try store.update(bearer, to: definition, secrets: nil, box: nil)
        #expect(try refreshJob() == .succeeded)
        #expect(try openAlert(.tokenExpiring, "static") == nil)
    }
}

// MARK: - Through the operations layer

extension TokenLifecycleTests {
    /// `credsync tokens refresh` and the dashboard's `r` call `Operations.refreshTokens`: a refusal there reaches
    /// the alert sink (the webhook) just as the engine's refresh job's does.
    @Test func aRefusedManualRefreshReachesTheAlertSink() throws {
        #expect(try refreshJob() == .succeeded)
        simulator.revokeTokens(platform: "rt")
        let events = AlertEvents()
        let operations = Operations(
            OperationContext(
                db: fixture.db, clock: fixture.clock, settings: try Settings.load(flags: [:], environment: ["HOME": fixture.directory.path], configFile: nil),
                actor: "operator", secretBox: { box }, alertSink: AlertSink { events.append($0) }))
        let results = try operations.refreshTokens([.name("rt")])
        guard case .refused = results.first?.result else {
            Issue.record("expected a refusal, got \(results.map(\.result))")
            return
        }
        let alert = try #require(try openAlert(.tokenRefreshFailed, "rt"))
        #expect(events.all.contains { $0.change == .raised && $0.alert.id == alert.id })
        #expect(try !platform("rt").isActive)
    }
}
