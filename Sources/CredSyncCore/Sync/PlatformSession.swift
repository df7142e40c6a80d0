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
        /// The longest a worker sleeps for a `Retry-After`; longer waits delay the job instead.
        public var maxInlineWaitMs: Int64

        public init(
            client: HTTPClient, tokens: TokenStore?, pacers: PacerRegistry, retryPolicy: HTTPRetryPolicy = HTTPRetryPolicy(),
            clock: any WallClock, sleep: @escaping (Int64) -> Void = { Thread.sleep(forTimeInterval: Double($0) / 1000) },
            unitRandom: @escaping () -> Double = { Double.random(in: 0..<1) }, maxInlineWaitMs: Int64 = 60_000
        ) {
            self.client = client
            self.tokens = tokens
            self.pacers = pacers
            self.retryPolicy = retryPolicy
            self.clock = clock
            self.sleep = sleep
            self.unitRandom = unitRandom
            self.maxInlineWaitMs = maxInlineWaitMs
        }
    }

    public let platform: Platform
    private let secrets: PlatformSecrets
    private let dependencies: Dependencies
    private var token: TokenStore.Token?
    /// Requests sent, retries included: for the run's log and tests.
    public private(set) var requestsSent = 0

    public init(platform: Platform, secrets: PlatformSecrets, dependencies: Dependencies) {
        self.platform = platform
        self.secrets = secrets
        self.dependencies = dependencies
    }

    private var definition: PlatformDefinition { platform.definition }

    // MARK: - PlatformHTTP

    public func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws -> HTTPClientResponse {
        var request = HTTPClientRequest.get(
            url, query: query.map { URLQueryItem(name: $0.0, value: $0.1) }, headers: HTTPHeaders(headers))
        request.timeoutMs = definition.timeoutSeconds * 1_000
        return try send(request, authenticated: true)
    }

    /// Makes sure a usable token is at hand before the first page: fetched when missing, refreshed when it expires
    /// within 5 minutes.
    public func authenticate() throws {
        guard usesTokens else { return }
        if token == nil { token = try dependencies.tokens?.token(for: platform) }
        let now = dependencies.clock.nowMs
        if token == nil || token!.needsRefresh(nowMs: now) {
            try refreshToken()
        }
    }

    // MARK: - Sending

    private func send(_ original: HTTPClientRequest, authenticated: Bool) throws -> HTTPClientResponse {
        var refreshedAfter401 = false
        var retryNumber = 1
        while true {
            var request = original
            if authenticated { try applyAuthentication(to: &request) }
            let wait = dependencies.pacers.reserve(platform: definition, id: platform.id, nowMs: dependencies.clock.nowMs)
            if wait > 0 { dependencies.sleep(wait) }
            requestsSent += 1
            let result: Result<HTTPClientResponse, HTTPError>
            do {
                result = .success(try dependencies.client.send(request))
            } catch {
                result = .failure(error)
            }
            if authenticated, case .success(let response) = result, response.status == 401, canRefresh, !refreshedAfter401 {
                refreshedAfter401 = true
                try refreshToken()
                continue
            }
            switch dependencies.retryPolicy.decision(
                for: result, retryNumber: retryNumber, nowMs: dependencies.clock.nowMs, unitRandom: dependencies.unitRandom())
            {
            case .accept:
                let response = try result.get()
                try check(response)
                return response
            case .retry(let afterMs):
                if afterMs > dependencies.maxInlineWaitMs {
                    throw SyncError.retryLater(afterMs: afterMs, reason: "\(describe(result)) asked to wait")
                }
                dependencies.sleep(afterMs)
                retryNumber += 1
            case .giveUp(let reason):
                throw SyncError.gaveUp(reason)
            }
        }
    }

    private func check(_ response: HTTPClientResponse) throws {
        guard !(200...399).contains(response.status) else { return }
        let target = "\(response.method) \(URLRedaction.withoutQuery(response.url))"
        let body = response.body.isEmpty ? "" : ": \(response.bodyPrefix(maxBytes: 120))"
        if response.status == 401 || response.status == 403 {
            throw SyncError.unauthorized(
                "\(target) answered HTTP \(response.status)\(body); check the platform's secrets "
                    + "('credsync platforms edit \(platform.name) --secret-stdin')")
        }
        throw SyncError.rejected("\(target) answered HTTP \(response.status)\(body)")
    }

    private func describe(_ result: Result<HTTPClientResponse, HTTPError>) -> String {
        switch result {
        case .success(let response):
            "\(response.method) \(URLRedaction.withoutQuery(response.url)) answered HTTP \(response.status)"
        case .failure(let error): error.description
        }
    }

    // MARK: - Authentication

    private var usesTokens: Bool {
        switch definition.authType {
        case .oauth2ClientCredentials, .oauth2RefreshToken, .longLivedToken: true
        case .none, .apiKey, .bearer, .basic: false
        }
    }

    private var canRefresh: Bool {
        definition.authType == .oauth2ClientCredentials || definition.authType == .oauth2RefreshToken
    }

    private func applyAuthentication(to request: inout HTTPClientRequest) throws {
        switch definition.authType {
        case .none:
            break
        case .apiKey:
            let header = definition.config["apiKeyHeader"]?.stringValue ?? "X-API-Key"
            request.headers[header] = try required(secrets.apiKey, "apiKey")
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

    /// Gets a new access token from the token endpoint and stores it (sealed).
    private func refreshToken() throws {
        let tokenURL = definition.config["tokenUrl"]?.stringValue ?? definition.url("oauth/token")
        var fields: [URLQueryItem]
        switch definition.authType {
        case .oauth2ClientCredentials:
            fields = [
                URLQueryItem(name: "grant_type", value: "client_credentials"),
                URLQueryItem(name: "client_id", value: try required(secrets.clientId ?? secrets.apiKey, "clientId")),
                URLQueryItem(name: "client_secret", value: try required(secrets.clientSecret ?? secrets.apiSecret, "clientSecret")),
            ]
        case .oauth2RefreshToken:
            let refresh = try token?.refreshToken ?? dependencies.tokens?.token(for: platform)?.refreshToken ?? secrets.refreshToken
            fields = [
                URLQueryItem(name: "grant_type", value: "refresh_token"),
                URLQueryItem(name: "refresh_token", value: try required(refresh, "refreshToken")),
            ]
            if let clientId = secrets.clientId { fields.append(URLQueryItem(name: "client_id", value: clientId)) }
            if let clientSecret = secrets.clientSecret {
                fields.append(URLQueryItem(name: "client_secret", value: clientSecret))
            }
        default:
            let current = try token?.accessToken ?? dependencies.tokens?.token(for: platform)?.accessToken ?? secrets.accessToken
            token = TokenStore.Token(accessToken: try required(current, "accessToken"))
            return
        }
        var request = HTTPClientRequest.postForm(tokenURL, fields: fields)
        request.timeoutMs = definition.timeoutSeconds * 1_000
        let response: HTTPClientResponse
        do {
            response = try send(request, authenticated: false)
        } catch let error as SyncError {
            try? dependencies.tokens?.recordFailure(error.description, for: platform)
            if case .unauthorized(let reason) = error { throw SyncError.unauthorized("token request refused: \(reason)") }
            throw error
        }
        guard let body = try? JSONParser.parse(response.body), let access = body["access_token"]?.stringValue,
            !access.isEmpty
        else {
            let reason = "the token endpoint \(URLRedaction.withoutQuery(tokenURL)) answered without an access_token"
            try? dependencies.tokens?.recordFailure(reason, for: platform)
            throw SyncError.unauthorized(reason)
        }
        let expiresIn = body["expires_in"]?.intValue
        let refreshed = TokenStore.Token(
            accessToken: access,
            refreshToken: body["refresh_token"]?.stringValue ?? token?.refreshToken ?? secrets.refreshToken,
            expiresAtMs: expiresIn.map { dependencies.clock.nowMs + Int64($0) * 1_000 })
        token = refreshed
        try dependencies.tokens?.store(refreshed, for: platform)
    }
}
