import CredSyncCore
import Foundation

/// One simulated platform inside a `PlatformSimulator`: its routes, its tokens, its updates, faults and counters.
/// Thread safe: connection threads serve it while a test updates it or injects faults.
final class SimulatedPlatformHost: @unchecked Sendable {
    let platform: SimulatedPlatform
    let generator: CredentialGenerator
    let faults = FaultInjector()
    let clock: any WallClock
    private let rootURL: @Sendable () -> String
    private var router: HTTPRouter

    private let lock = NSLock()
    private var log = UpdateLog()
    /// Issued access tokens and their expiry (Unix ms).
    private var tokens: [String: Int64] = [:]
    /// Refresh tokens that may still be used, and their expiry (Unix ms; `Int64.max` for never).
    private var refreshTokens: [String: Int64] = [:]
    private var tokensIssued: UInt64 = 0
    private var repeatingCursor = false
    private var counters = SimulatorCounters()
    private var fileCache: (generation: Int, bytes: [UInt8])?

    init(platform: SimulatedPlatform, clock: any WallClock, rootURL: @escaping @Sendable () -> String) {
        self.platform = platform
        self.generator = platform.generator
        self.clock = clock
        self.rootURL = rootURL
        router = HTTPRouter(faults: faults)
        router = makeRouter()
        let now = clock.nowMs
        switch platform.auth {
        case .refreshToken:
            refreshTokens[platform.refreshToken] = refreshTokenExpiry(now)
        case .longLivedToken:
            tokens[platform.token] = now + Int64(platform.tokenLifetimeSeconds) * 1_000
        case .none, .bearer:
            break
        }
    }

    /// Where the platform hands out tokens: `/oauth/token`, or `/refresh_access_token` for a long-lived token.
    var tokenPath: String { prefix + (platform.auth == .longLivedToken ? "/refresh_access_token" : "/oauth/token") }

    /// `/<name>`.
    var prefix: String { "/\(platform.name)" }

    /// `http://127.0.0.1:PORT/<name>`.
    var baseURL: String { rootURL() + prefix }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { counters.requests += 1 }
        return router.handle(request)
    }

    // MARK: - Operations

    /// Changes `count` deterministic records now; returns their external ids.
    func update(count: Int) -> [String] {
        lock.withLock {
            let indices = generator.indicesForUpdate(generation: log.generation + 1, count: count)
            log.apply(indices: indices, atMs: clock.nowMs / 1_000 * 1_000)
            return indices.map(generator.externalId)
        }
    }

    var generation: Int { lock.withLock { log.generation } }

    /// The records a list request with `sinceMs` sees, now.
    func listing(sinceMs: Int64?) -> CredentialListing {
        lock.withLock { CredentialListing(generator: generator, log: log, sinceMs: sinceMs) }
    }

    func expireTokens() {
        lock.withLock { tokens.removeAll() }
    }

    /// Revokes every access and refresh token, as an authorization withdrawn at the platform does.
    func revokeTokens() {
        lock.withLock {
            tokens.removeAll()
            refreshTokens.removeAll()
        }
    }

    /// A new authorization, as the operator would obtain by signing in again: a fresh refresh token (refresh-token
    /// auth) or a fresh long-lived access token.
    func authorizeAgain() -> String {
        let now = clock.nowMs
        return lock.withLock {
            switch platform.auth {
            case .refreshToken:
                let token = newTokenText("refresh")
                refreshTokens[token] = refreshTokenExpiry(now)
                return token
            default:
                let token = newTokenText("access")
                tokens[token] = now + Int64(platform.tokenLifetimeSeconds) * 1_000
                return token
            }
        }
    }

    var isRepeatingCursor: Bool {
        get { lock.withLock { repeatingCursor } }
        set { lock.withLock { repeatingCursor = newValue } }
    }

    var currentCounters: SimulatorCounters { lock.withLock { counters } }

    func inject(_ fault: HTTPFault, on target: FaultTarget, times: Int?) {
        let path: String =
            switch target {
            case .pages: prefix + platform.contract.pagesPath
            case .token: tokenPath
            case .any: prefix + "/"
            }
        faults.inject(fault, pathPrefix: path, times: times)
    }

    func countPage() {
        lock.withLock { counters.pages += 1 }
    }

    // MARK: - Auth

    /// Nil when `request` carries the credentials the contract wants; the 401 to answer otherwise.
    func refusal(_ request: HTTPRequest) -> HTTPResponse? {
        let authorization = request.headers["Authorization"] ?? ""
        switch platform.contract {
        case .nsqf:
            return issuedTokenRefusal(authorization)
        case .swayam:
            return request.headers["X-API-Key"] == platform.apiKey ? nil : unauthorized("invalid API key")
        case .credly:
            return basicUser(authorization) == platform.token ? nil : unauthorized("invalid authorization token")
        case .openbadges:
            return authorization == "Bearer \(platform.token)" ? nil : unauthorized("invalid_token", bearer: true)
        case .genericRest, .fileCSV, .fileJSONL:
            switch platform.auth {
            case .none: return nil
            case .bearer:
                return authorization == "Bearer \(platform.token)" ? nil : unauthorized("invalid_token", bearer: true)
            case .refreshToken, .longLivedToken: return issuedTokenRefusal(authorization)
            }
        }
    }

    /// Nil when `authorization` is `Bearer` and a token this platform issued that has not expired.
    private func issuedTokenRefusal(_ authorization: String) -> HTTPResponse? {
        guard authorization.hasPrefix("Bearer ") else { return unauthorized("a bearer token is required") }
        let token = String(authorization.dropFirst(7))
        let now = clock.nowMs
        let valid = lock.withLock { tokens[token].map { $0 > now } ?? false }
        return valid ? nil : unauthorized("invalid_token", bearer: true)
    }

    private func unauthorized(_ message: String, bearer: Bool = false) -> HTTPResponse {
        var response = HTTPResponse.error(401, message)
        if bearer { response.headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\"" }
        return response
    }

    /// The user name of `Basic …` credentials, when the password is empty.
    private func basicUser(_ authorization: String) -> String? {
        guard authorization.hasPrefix("Basic "), let data = Data(base64Encoded: String(authorization.dropFirst(6)))
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].isEmpty else { return nil }
        return String(text[..<colon])
    }

    /// `POST /oauth/token`: the client-credentials grant (client in the form or as Basic client authentication)
    /// and the refresh-token grant, which spends the refresh token and answers a new one.
    func issueToken(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { counters.tokens += 1 }
        let form = request.formFields
        var clientId = form["client_id"]
        var clientSecret = form["client_secret"]
        if let header = request.headers["Authorization"], header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)))
        {
            let pair = String(decoding: data, as: UTF8.self).split(separator: ":", maxSplits: 1)
            if pair.count == 2 {
                clientId = FormURLEncoding.percentDecode(pair[0])
                clientSecret = FormURLEncoding.percentDecode(pair[1])
            }
        }
        switch form["grant_type"] {
        case "client_credentials":
            guard clientId == platform.clientId, clientSecret == platform.clientSecret else {
                return .error(401, "invalid_client")
            }
            return tokenResponse(accessToken: issueAccessToken(), refreshToken: nil)
        case "refresh_token":
            guard clientId == nil || (clientId == platform.clientId && clientSecret == platform.clientSecret) else {
                return .error(401, "invalid_client")
            }
            let now = clock.nowMs
            let spent = form["refresh_token"] ?? ""
            let rotated: String? = lock.withLock {
                guard let expiry = refreshTokens[spent], expiry > now else { return nil }
                refreshTokens[spent] = nil
                let next = newTokenText("refresh")
                refreshTokens[next] = refreshTokenExpiry(now)
                return next
            }
            guard let rotated else { return .error(400, "invalid_grant") }
            return tokenResponse(accessToken: issueAccessToken(), refreshToken: rotated)
        default:
            return .error(400, "unsupported_grant_type")
        }
    }

    /// `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=…`: a valid long-lived token is exchanged
    /// for a new one (the old one stays valid until it expires, as at Instagram).
    func refreshLongLivedToken(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { counters.tokens += 1 }
        let query = request.query
        guard query["grant_type"] == "ig_refresh_token" else { return .error(400, "unsupported_grant_type") }
        let now = clock.nowMs
        let valid = lock.withLock { tokens[query["access_token"] ?? ""].map { $0 > now } ?? false }
        guard valid else { return .error(400, "invalid_token: the access token is expired or revoked") }
        return tokenResponse(accessToken: issueAccessToken(), refreshToken: nil)
    }

    private func refreshTokenExpiry(_ now: Int64) -> Int64 {
        platform.refreshTokenLifetimeSeconds.map { now + Int64($0) * 1_000 } ?? Int64.max
    }

    private func issueAccessToken() -> String {
        let expiry = clock.nowMs + Int64(platform.tokenLifetimeSeconds) * 1_000
        return lock.withLock {
            let token = newTokenText("access")
            tokens[token] = expiry
            return token
        }
    }

    /// `<name>-<kind>-<n>-<random>`; call with `lock` held.
    private func newTokenText(_ kind: String) -> String {
        tokensIssued += 1
        var random = SplitMix64(seed: platform.seed ^ tokensIssued &* 0x2545_F491_4F6C_DD1D)
        return "\(platform.name)-\(kind)-\(tokensIssued)-\(String(random.next(), radix: 36))"
    }

    private func tokenResponse(accessToken: String, refreshToken: String?) -> HTTPResponse {
        var json = JSONWriter(capacity: 160)
        json.raw("{\"access_token\":")
        json.string(accessToken)
        json.raw(",\"token_type\":\"Bearer\",\"expires_in\":")
        json.int(platform.tokenLifetimeSeconds)
        if let refreshToken {
            json.raw(",\"refresh_token\":")
            json.string(refreshToken)
        }
        json.raw("}")
        var response = HTTPResponse.json(json.bytes)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    // MARK: - Files

    /// The whole export for the current generation, rendered once per generation.
    func fileBytes() -> [UInt8] {
        lock.withLock {
            if let cache = fileCache, cache.generation == log.generation { return cache.bytes }
            let listing = CredentialListing(generator: generator, log: log, sinceMs: nil)
            let bytes = FileExport.render(listing, contract: platform.contract, baseURL: baseURL)
            fileCache = (log.generation, bytes)
            return bytes
        }
    }
}
