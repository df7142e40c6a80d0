import Foundation

/// Gets a platform a new access token, per its auth type (SPEC §6), and records the consequences — the one place
/// where tokens are refreshed, whether a sync, the nightly refresh job or `credsync tokens refresh` asks.
///
/// - `oauth2_client_credentials`: `POST tokenUrl` with `grant_type=client_credentials`, the client id and secret.
/// - `oauth2_refresh_token`: `POST tokenUrl` with `grant_type=refresh_token` and the newest refresh token; when the
///   answer carries a new refresh token (rotation) it is stored at once, since the old one is now spent.
/// - `long_lived_token`: `GET refreshUrl?grant_type=ig_refresh_token&access_token=CURRENT` → a new token with a new
///   `expires_in`, as Instagram's endpoint does.
///
/// A success stores the token (sealed), resolves the platform's token alerts and writes a `token.refresh` audit row,
/// in one transaction. A refusal — the endpoint answers 4xx or without a token, or a secret the grant needs is
/// missing — marks the platform inactive with the reason, raises a `token_refresh_failed` alert and writes a
/// `token.refresh_failed` audit row, in one transaction, then throws `SyncError.unauthorized`. A transient failure
/// (network, 5xx, 429) only records the error on the token and rethrows it for the caller's retry.
public struct TokenRefresher {
    /// Who asked for the refresh, for the audit row.
    public enum Trigger: String, Sendable {
        /// Before or during a sync (expired, expiring within 5 minutes, or a 401).
        case sync
        /// The nightly token refresh job.
        case schedule
        /// `credsync tokens refresh` or the dashboard.
        case manual
    }

    public let platform: Platform
    public let secrets: PlatformSecrets
    /// Where tokens live; nil when no key is configured (the token is then used but not kept).
    public let tokens: TokenStore?
    public let settings: PlatformSettings
    public let clock: any WallClock
    public let actor: String
    /// Hears about alerts raised or resolved (the webhook).
    public let alertSink: @Sendable ([AlertEvent]) -> Void

    public init(
        platform: Platform, settings: PlatformSettings, secrets: PlatformSecrets, tokens: TokenStore?,
        clock: any WallClock, actor: String, alertSink: @escaping @Sendable ([AlertEvent]) -> Void = { _ in }
    ) {
        self.platform = platform
        self.settings = settings
        self.secrets = secrets
        self.tokens = tokens
        self.clock = clock
        self.actor = actor
        self.alertSink = alertSink
    }

    private var definition: PlatformDefinition { platform.definition }

    /// Refreshes the token, sending the grant request through `send`, which paces, retries 5xx, 429 and network
    /// errors (throwing `SyncError` when they persist) and returns any other answer, 4xx included. `current` is the
    /// token the caller holds, if any.
    public func refresh(
        current: TokenStore.Token?, trigger: Trigger, send: (HTTPClientRequest) throws -> HTTPClientResponse
    ) throws -> TokenStore.Token {
        let stored = try tokens?.token(for: platform)
        // Another process (the engine, a `tokens refresh`) renewed it since the caller read it: use theirs, so a
        // rotating refresh token is never spent twice.
        if trigger == .sync, let stored, let current, stored.accessToken != current.accessToken,
            !stored.needsRefresh(nowMs: clock.nowMs)
        {
            return stored
        }
        let basis = stored ?? current ?? initialToken
        let response: HTTPClientResponse
        do {
            response = try send(try request(basis: basis))
        } catch let error as SyncError {
            switch error {
            case .unauthorized, .configuration:
                if let renewed = try renewedElsewhere(since: basis) { return renewed }
                throw try refuse(error.description, trigger: trigger)
            case .transport, .httpStatus, .rateLimited, .malformedBody, .unexpectedShape, .invalidCursor,
                .unreadableFile, .paginationLoop, .unexpected:
                try? tokens?.recordFailure("token refresh failed: \(error.description)", for: platform)
                throw error
            }
        }
        guard (200...299).contains(response.status) else {
            let body = response.body.isEmpty ? "" : ": \(response.bodyPrefix(maxBytes: 120))"
            if let renewed = try renewedElsewhere(since: basis) { return renewed }
            throw try refuse(
                "\(response.method) \(URLRedaction.withoutQuery(response.url)) answered HTTP \(response.status)\(body)",
                trigger: trigger)
        }
        guard let body = try? JSONParser.parse(response.body), let access = body["access_token"]?.textValue,
            !access.isEmpty
        else {
            throw try refuse(
                "\(response.method) \(URLRedaction.withoutQuery(response.url)) answered without an access_token",
                trigger: trigger)
        }
        let rotated = body["refresh_token"]?.textValue.flatMap { $0.isEmpty ? nil : $0 }
        let token = TokenStore.Token(
            accessToken: access, refreshToken: rotated ?? basis?.refreshToken ?? secrets.refreshToken,
            expiresAtMs: body["expires_in"]?.intValue.map { clock.nowMs + Int64($0) * 1_000 })
        SecretRegistry.shared.register(token.accessToken)
        SecretRegistry.shared.register(token.refreshToken)
        try record(token, rotated: rotated != nil, trigger: trigger)
        return token
    }

    /// The token the operator entered with the secrets, before any refresh: a long-lived token, or the access and
    /// refresh tokens of an OAuth2 authorization, expiring at `config.tokenExpiresAt` when that is set.
    public var initialToken: TokenStore.Token? {
        guard let access = secrets.accessToken, !access.isEmpty, definition.authType != .oauth2ClientCredentials
        else { return nil }
        return TokenStore.Token(
            accessToken: access, refreshToken: secrets.refreshToken,
            expiresAtMs: settings.tokenExpiresAtMs)
    }

    // MARK: - Requests

    /// The grant request for the platform's auth type, built on the newest token known.
    func request(basis: TokenStore.Token?) throws -> HTTPClientRequest {
        var request: HTTPClientRequest
        switch definition.authType {
        case .oauth2ClientCredentials:
            request = .postForm(
                settings.tokenURL,
                fields: [
                    URLQueryItem(name: "grant_type", value: "client_credentials"),
                    URLQueryItem(
                        name: "client_id", value: try required(secrets.clientId ?? secrets.apiKey, "clientId")),
                    URLQueryItem(
                        name: "client_secret",
                        value: try required(secrets.clientSecret ?? secrets.apiSecret, "clientSecret")),
                ])
        case .oauth2RefreshToken:
            var fields = [
                URLQueryItem(name: "grant_type", value: "refresh_token"),
                URLQueryItem(
                    name: "refresh_token",
                    value: try required(basis?.refreshToken ?? secrets.refreshToken, "refreshToken")),
            ]
            if let clientId = secrets.clientId { fields.append(URLQueryItem(name: "client_id", value: clientId)) }
            if let clientSecret = secrets.clientSecret {
                fields.append(URLQueryItem(name: "client_secret", value: clientSecret))
            }
            request = .postForm(settings.tokenURL, fields: fields)
        case .longLivedToken:
            request = .get(
                settings.refreshURL,
                query: [
                    URLQueryItem(name: "grant_type", value: settings.refreshGrantType),
                    URLQueryItem(
                        name: "access_token",
                        value: try required(basis?.accessToken ?? secrets.accessToken, "accessToken")),
                ])
        case .none, .apiKey, .bearer, .basic:
            throw SyncError.configuration(
                "platform '\(platform.name)' uses auth type \(definition.authType.rawValue), which has no token to "
                    + "refresh; set a new secret with 'credsync platforms edit \(platform.name) --secret-stdin'")
        }
        request.timeoutMs = settings.timeoutSeconds * 1_000
        return request
    }

    private func required(_ value: String?, _ field: String) throws -> String {
        guard let value, !value.isEmpty else {
            throw SyncError.configuration(
                "platform '\(platform.name)' has no \(field) secret for auth type \(definition.authType.rawValue); "
                    + "set it with 'credsync platforms edit \(platform.name) --secret-stdin'")
        }
        return value
    }

    // MARK: - Outcomes

    /// The stored token when another process replaced `basis` while this refresh was refused: its refresh token
    /// (or long-lived token) was the one just spent.
    private func renewedElsewhere(since basis: TokenStore.Token?) throws -> TokenStore.Token? {
        guard let basis, let stored = try tokens?.token(for: platform), stored != basis,
            !stored.needsRefresh(nowMs: clock.nowMs)
        else { return nil }
        return stored
    }

    private func record(_ token: TokenStore.Token, rotated: Bool, trigger: Trigger) throws {
        guard let tokens else { return }
        let db = tokens.db
        let alerts = AlertStore(db: db, clock: clock)
        var events: [AlertEvent] = []
        try db.transaction(.immediate) {
            try tokens.store(token, for: platform)
            for kind in [AlertKind.tokenRefreshFailed, .tokenExpiring] {
                if let alert = try alerts.resolve(kind, platformId: platform.id) {
                    events.append(AlertEvent(change: .resolved, alert: alert))
                }
            }
            var details: JSONObject = [
                "trigger": .string(trigger.rawValue), "auth_type": .string(definition.authType.rawValue),
            ]
            details["expires_at"] = token.expiresAtMs.map { .string(Timestamp.iso8601($0)) } ?? .null
            if definition.authType == .oauth2RefreshToken { details["refresh_token_rotated"] = .bool(rotated) }
            try AuditLog(db: db, clock: clock, actor: actor).record(
                "token.refresh", target: "platform:\(platform.name)", details: details)
        }
        alertSink(events)
    }

    /// Disables the platform with the reason, raises the alert and audits it; returns the error to throw.
    private func refuse(_ reason: String, trigger: Trigger) throws -> SyncError {
        let message =
            "token refresh of \(platform.name) refused: \(reason); re-enter its secrets with 'credsync platforms edit "
            + "\(platform.name) --secret-stdin', then 'credsync platforms enable \(platform.name)'"
        guard let tokens else { return .unauthorized(message) }
        let db = tokens.db
        var events: [AlertEvent] = []
        try db.transaction(.immediate) {
            try tokens.recordFailure(reason, for: platform)
            try PlatformStore(db: db, clock: clock).setActive(
                platform, false, reason: "token refresh failed: \(reason)")
            if let alert = try AlertStore(db: db, clock: clock).raise(
                .tokenRefreshFailed, platformId: platform.id, message: message)
            {
                events.append(AlertEvent(change: .raised, alert: alert))
            }
            try AuditLog(db: db, clock: clock, actor: actor).record(
                "token.refresh_failed", target: "platform:\(platform.name)",
                details: ["trigger": .string(trigger.rawValue), "error": .string(reason)])
        }
        alertSink(events)
        return .unauthorized(message)
    }
}
