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
    }

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

    var isRepeatingCursor: Bool {
        get { lock.withLock { repeatingCursor } }
        set { lock.withLock { repeatingCursor = newValue } }
    }

    var currentCounters: SimulatorCounters { lock.withLock { counters } }

    func inject(_ fault: HTTPFault, on target: FaultTarget, times: Int?) {
        let path: String =
            switch target {
            case .pages: prefix + platform.contract.pagesPath
            case .token: prefix + "/oauth/token"
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
            guard authorization.hasPrefix("Bearer ") else { return unauthorized("a bearer token is required") }
            let token = String(authorization.dropFirst(7))
            let now = clock.nowMs
            let valid = lock.withLock { tokens[token].map { $0 > now } ?? false }
            return valid ? nil : unauthorized("invalid_token", bearer: true)
        case .swayam:
            return request.headers["X-API-Key"] == platform.apiKey ? nil : unauthorized("invalid API key")
        case .credly:
            return basicUser(authorization) == platform.token ? nil : unauthorized("invalid authorization token")
        case .openbadges:
            return authorization == "Bearer \(platform.token)" ? nil : unauthorized("invalid_token", bearer: true)
        case .genericRest, .fileCSV, .fileJSONL:
            guard platform.auth == .bearer else { return nil }
            return authorization == "Bearer \(platform.token)" ? nil : unauthorized("invalid_token", bearer: true)
        }
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

    /// `POST /oauth/token` (client credentials, in the form or as Basic client authentication).
    func issueToken(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { counters.tokens += 1 }
        let form = request.formFields
        guard form["grant_type"] == "client_credentials" else {
            return .error(400, "unsupported_grant_type")
        }
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
        guard clientId == platform.clientId, clientSecret == platform.clientSecret else {
            return .error(401, "invalid_client")
        }
        let lifetime = platform.tokenLifetimeSeconds
        let token: String = lock.withLock {
            tokensIssued += 1
            var random = SplitMix64(seed: platform.seed ^ tokensIssued &* 0x2545_F491_4F6C_DD1D)
            let token = "\(platform.name)-access-\(tokensIssued)-\(String(random.next(), radix: 36))"
            tokens[token] = clock.nowMs + Int64(lifetime) * 1_000
            return token
        }
        var json = JSONWriter(capacity: 128)
        json.raw("{\"access_token\":")
        json.string(token)
        json.raw(",\"token_type\":\"Bearer\",\"expires_in\":")
        json.int(lifetime)
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
