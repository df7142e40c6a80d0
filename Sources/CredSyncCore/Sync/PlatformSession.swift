import Foundation

/// The HTTP an adapter's requests go through: authenticated per the platform's auth type, paced by its
/// `rateLimit` and `delayBetweenPages`, retried on 5xx, 429 and network errors, with one token refresh and one
/// retry on a 401. Blocking: it runs on a worker thread and sleeps there.
public final class PlatformSession: PlatformHTTP {
    public struct Dependencies {
        public var client: HTTPClient
        public var tokens: TokenStore?
        public var pacers: PacerRegistry
        public var retryPolicy: HTTPRetryPolicy
        public var clock: any WallClock
        /// Blocks the calling worker thread for the given milliseconds.
        public var sleep: (Int64) -> Void
        public var unitRandom: () -> Double
        /// Who token refreshes are audited as.
        public var actor: String
        /// Hears about token alerts raised or resolved (the webhook).
        public var alertSink: @Sendable ([AlertEvent]) -> Void
        /// Told when a request goes out (its start time) and when its answer comes (nil): the job's live state.
        public var awaitingResponse: (Int64?) -> Void = { _ in }

        public init(
            client: HTTPClient, tokens: TokenStore?, pacers: PacerRegistry, retryPolicy: HTTPRetryPolicy = HTTPRetryPolicy(),
            clock: any WallClock, sleep: @escaping (Int64) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1000) },
            unitRandom: @escaping () -> Double = { Double.random(in: 0..<1) }, actor: String = "engine",
            alertSink: @escaping @Sendable ([AlertEvent]) -> Void = { _ in }
        ) {
            self.client = client
            self.tokens = tokens
            self.pacers = pacers
            self.retryPolicy = retryPolicy
            self.clock = clock
            self.sleep = sleep
            self.unitRandom = unitRandom
            self.actor = actor
            self.alertSink = alertSink
        }
    }

    public let platform: Platform
    /// The platform's typed config; `apply(_:)` swaps in an edit made while a sync runs.
    public private(set) var settings: PlatformSettings
    private let secrets: PlatformSecrets
    private let dependencies: Dependencies
    private var token: TokenStore.Token?
    /// Requests sent, retries included: for the run's log and tests.
    public private(set) var requestsSent = 0

    /// Throws `SyncError.configuration` naming the platform when its stored config no longer passes its checks.
    public init(platform: Platform, secrets: PlatformSecrets, dependencies: Dependencies) throws {
        settings = try Self.settings(of: platform)
        self.platform = platform
        self.secrets = secrets
        self.dependencies = dependencies
    }

    private var definition: PlatformDefinition { platform.definition }

    /// The platform's settings, or the configuration error that fails its sync with what to do.
    public static func settings(of platform: Platform) throws -> PlatformSettings {
        do {
            return try platform.definition.settings()
        } catch {
            throw SyncError.configuration(
                "platform '\(platform.name)': \(error); fix it with 'credsync platforms edit \(platform.name)'")
        }
    }

    /// Uses `settings` from the next request on: pacing, rate limit and timeout follow an operator's edit.
    public func apply(_ settings: PlatformSettings) {
        self.settings = settings
    }

    // MARK: - PlatformHTTP

    public func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws -> HTTPClientResponse {
        var request = HTTPClientRequest.get(
            url, query: query.map { URLQueryItem(name: $0.0, value: $0.1) }, headers: HTTPHeaders(headers))
        request.timeoutMs = settings.timeoutSeconds * 1_000
        return try send(request, authenticated: true)
    }

    /// Makes sure a usable token is at hand before the first page: the stored one (or the one entered with the
    /// secrets), fetched when there is none, refreshed when it is expired or expires within 5 minutes.
    public func authenticate() throws {
        guard definition.authType.usesIssuedTokens else { return }
        if token == nil { token = try dependencies.tokens?.token(for: platform) ?? refresher.initialToken }
        if token == nil || token!.needsRefresh(nowMs: dependencies.clock.nowMs) {
            try refreshToken(trigger: .sync)
        }
    }

    /// Gets a new token now, whatever the current one's expiry (see `TokenRefresher`), and uses it from here on.
    @discardableResult
    public func refreshToken(trigger: TokenRefresher.Trigger) throws -> TokenStore.Token {
        let refreshed = try refresher.refresh(current: token, trigger: trigger) {
            try send($0, authenticated: false, checked: false)
        }
        token = refreshed
        return refreshed
    }

    private var refresher: TokenRefresher {
        TokenRefresher(
            platform: platform, settings: settings, secrets: secrets, tokens: dependencies.tokens,
            clock: dependencies.clock,
            actor: dependencies.actor, alertSink: dependencies.alertSink)
    }

    // MARK: - Sending

    /// Sends with pacing and retries; `checked` turns an answer outside 2xx–3xx into a `SyncError`. What the session
    /// gives up on, or is asked to wait for beyond the retry policy's in-page budget, is thrown as a typed `SyncError`.
    private func send(_ original: HTTPClientRequest, authenticated: Bool, checked: Bool = true) throws
        -> HTTPClientResponse
    {
        var refreshedAfter401 = false
        var retryNumber = 1
        // The page's budget counts the platform's time, not the pacing credsync imposes on itself.
        var deadlineMs = dependencies.clock.nowMs + dependencies.retryPolicy.maxTotalMs
        while true {
            var request = original
            if authenticated { try applyAuthentication(to: &request) }
            let wait = dependencies.pacers.reserve(settings: settings, id: platform.id, nowMs: dependencies.clock.nowMs)
            if wait > 0 {
                dependencies.sleep(wait)
                deadlineMs += wait
            }
            // Each try gets what is left of the page's budget, at least a second.
            let leftMs = max(1_000, deadlineMs - dependencies.clock.nowMs)
            request.timeoutMs = min(request.timeoutMs ?? Int(leftMs), Int(leftMs))
            requestsSent += 1
            let result: Result<HTTPClientResponse, HTTPError>
            dependencies.awaitingResponse(dependencies.clock.nowMs)
            do {
                result = .success(try dependencies.client.send(request))
            } catch {
                result = .failure(error)
            }
            dependencies.awaitingResponse(nil)
            if authenticated, case .success(let response) = result, response.status == 401,
                definition.authType.canRefresh, !refreshedAfter401
            {
                refreshedAfter401 = true
                try refreshToken(trigger: .sync)
                continue
            }
            let nowMs = dependencies.clock.nowMs
            switch dependencies.retryPolicy.decision(
                for: result, retryNumber: retryNumber, nowMs: nowMs, unitRandom: dependencies.unitRandom())
            {
            case .accept:
                let response = try result.get()
                if checked, !(200...399).contains(response.status) {
                    throw SyncError(giveUpOn: result, retries: 0)
                }
                return response
            case .retry(let afterMs):
                // A retry that would end past the page's budget gives up now: the job's retry takes over.
                guard nowMs + afterMs < deadlineMs else { throw SyncError(giveUpOn: result, retries: retryNumber - 1) }
                dependencies.sleep(afterMs)
                retryNumber += 1
            case .postpone(let afterMs):
                let response = try result.get()
                throw SyncError.rateLimited(
                    method: response.method, url: URLRedaction.withoutQuery(response.url), status: response.status,
                    retryAfter: response.headers["Retry-After"] ?? "", untilMs: nowMs + afterMs)
            case .giveUp:
                throw SyncError(giveUpOn: result, retries: retryNumber - 1)
            }
        }
    }

    // MARK: - Authentication

    private func applyAuthentication(to request: inout HTTPClientRequest) throws {
        switch definition.authType {
        case .none:
            break
        case .apiKey:
            request.headers[settings.apiKeyHeader] = try required(secrets.apiKey, "apiKey")
        case .bearer:
            request.headers["Authorization"] = "Bearer " + (try required(secrets.accessToken ?? secrets.apiKey, "accessToken"))
        case .basic:
            let user = secrets.username ?? secrets.apiKey
            let credentials = "\(try required(user, "username")):\(secrets.password ?? "")"
            request.headers["Authorization"] = "Basic " + Data(credentials.utf8).base64EncodedString()
        case .oauth2ClientCredentials, .oauth2RefreshToken, .longLivedToken:
            if token == nil { try authenticate() }
            guard let token else { throw SyncError.configuration("\(platform.name): no access token") }
            request.headers["Authorization"] = "Bearer " + token.accessToken
        }
    }

    private func required(_ value: String?, _ field: String) throws -> String {
        guard let value, !value.isEmpty else {
            throw SyncError.configuration(
                "platform '\(platform.name)' has no \(field) secret for auth type \(definition.authType.rawValue); "
                    + "set it with 'credsync platforms edit \(platform.name) --secret-stdin'")
        }
        return value
    }
}
