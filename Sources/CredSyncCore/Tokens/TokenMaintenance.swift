import Foundation

/// Refreshes platforms' tokens outside a sync: the nightly token refresh job and `credsync tokens refresh`. Each
/// refresh goes through a `PlatformSession`, so it is paced and retried like any request, and through
/// `TokenRefresher`, so its consequences (stored token, alerts, inactive platform, audit row) are the same
/// wherever it was asked for. Blocking: runs on a worker thread or the command's own thread.
public struct TokenMaintenance {
    public let db: Connection
    public let clock: any WallClock
    /// Opens platform secrets and seals tokens; nil when no key is configured.
    public let box: SecretBox?
    public let client: HTTPClient
    public let pacers: PacerRegistry
    public let retryPolicy: HTTPRetryPolicy
    public let sleep: (Int64) -> Void
    public let actor: String
    public let alertSink: @Sendable ([AlertEvent]) -> Void

    public init(
        db: Connection, clock: any WallClock, box: SecretBox?, client: HTTPClient,
        pacers: PacerRegistry = PacerRegistry(),
        retryPolicy: HTTPRetryPolicy = HTTPRetryPolicy(),
        sleep: @escaping (Int64) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1000) }, actor: String,
        alertSink: @escaping @Sendable ([AlertEvent]) -> Void = { _ in }
    ) {
        self.db = db
        self.clock = clock
        self.box = box
        self.client = client
        self.pacers = pacers
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        self.actor = actor
        self.alertSink = alertSink
    }

    /// Refreshes `platform`'s token now, whatever its expiry.
    public func refresh(_ platform: Platform, trigger: TokenRefresher.Trigger) -> TokenRefreshResult {
        let authType = platform.definition.authType
        guard authType.canRefresh else {
            return .skipped(
                "auth type \(authType.rawValue) has no token credsync can renew; set a new secret with "
                    + "'credsync platforms edit \(platform.name) --secret-stdin'")
        }
        do {
            var secrets = PlatformSecrets()
            if platform.hasSecrets {
                guard let box else {
                    return .failed(
                        "platform '\(platform.name)' has stored secrets but no encryption key is configured; set "
                            + "\(KeyStore.environmentVariable) or CREDSYNC_KEY_FILE", retryable: false)
                }
                secrets = try PlatformStore(db: db, clock: clock).secrets(of: platform, box: box)
            }
            let session = try PlatformSession(
                platform: platform, secrets: secrets,
                dependencies: PlatformSession.Dependencies(
                    client: client, tokens: box.map { TokenStore(db: db, clock: clock, box: $0) }, pacers: pacers,
                    retryPolicy: retryPolicy, clock: clock, sleep: sleep, actor: actor, alertSink: alertSink))
            return .refreshed(expiresAtMs: try session.refreshToken(trigger: trigger).expiresAtMs)
        } catch let error as SyncError {
            switch error {
            case .unauthorized, .configuration:
                return .refused(error.description)
            case .transport, .httpStatus, .rateLimited, .malformedBody, .unexpectedShape, .invalidCursor,
                .unreadableFile, .paginationLoop, .unexpected:
                return .failed(error.description, retryable: true)
            }
        } catch let error as SecretError {
            return .failed(error.description, retryable: false)
        } catch {
            return .failed(String(describing: error), retryable: true)
        }
    }

    /// The nightly pass (SPEC §4): refreshes every active platform's token that expires within `windowMs` (or
    /// whose expiry is unknown), and keeps the `token_expiring` alert of each in step — raised for a token that
    /// expires within the window and cannot be refreshed (a bearer token; a refresh that failed for now),
    /// resolved otherwise. Returns what it did, platform by platform; platforms with nothing to do are left out.
    public func refreshExpiring(windowMs: Int64) throws -> [(platform: String, result: TokenRefreshResult)] {
        let platforms = PlatformStore(db: db, clock: clock)
        var results: [(platform: String, result: TokenRefreshResult)] = []
        for status in try TokenStatus.all(db: db) where status.isActive {
            let now = clock.nowMs
            let plan = TokenRefreshPlan.decide(
                authType: status.authType, hasToken: status.hasToken, expiresAtMs: status.expiresAtMs, nowMs: now,
                windowMs: windowMs)
            switch plan {
            case .fine:
                try resolveExpiring(status.platformId)
            case .expiringWithoutRefresh(let expiresAtMs):
                try raiseExpiring(
                    status.platformId,
                    "the bearer token of \(status.platformName) expires \(Timestamp.iso8601(expiresAtMs)) and only "
                        + "you can renew it: set a new one with 'credsync platforms edit \(status.platformName) "
                        + "--secret-stdin' and its expiry in config.tokenExpiresAt")
                results.append(
                    (status.platformName, .skipped("bearer token expires \(Timestamp.iso8601(expiresAtMs))")))
            case .refresh:
                guard let platform = try platforms.platform(id: status.platformId) else { continue }
                let result = refresh(platform, trigger: .schedule)
                if case .failed(let reason, _) = result, let expiresAtMs = status.expiresAtMs,
                    expiresAtMs - windowMs <= now
                {
                    try raiseExpiring(
                        status.platformId,
                        "the token of \(status.platformName) expires \(Timestamp.iso8601(expiresAtMs)) and could not "
                            + "be refreshed: \(reason); it is tried again at the next refresh, or run 'credsync "
                            + "tokens refresh \(status.platformName)'")
                }
                results.append((status.platformName, result))
            }
        }
        return results
    }

    private func raiseExpiring(_ platformId: Int64, _ message: String) throws {
        if let alert = try AlertStore(db: db, clock: clock).raise(
            .tokenExpiring, platformId: platformId, message: message)
        {
            alertSink([AlertEvent(change: .raised, alert: alert)])
        }
    }

    private func resolveExpiring(_ platformId: Int64) throws {
        if let alert = try AlertStore(db: db, clock: clock).resolve(.tokenExpiring, platformId: platformId) {
            alertSink([AlertEvent(change: .resolved, alert: alert)])
        }
    }
}
