/// One platform the simulator serves: its contract, how many credentials, the seed they grow from, and the
/// credentials a client must present. Everything not given has a default derived from the name, so
/// `SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 250)` is complete.
public struct SimulatedPlatform: Sendable {
    /// How generic and file contracts authenticate (the others' auth is fixed by their contract).
    public enum Auth: String, Sendable {
        case none
        /// The static `token`.
        case bearer
        /// OAuth2 refresh-token grants at `/oauth/token`: each use of a refresh token spends it and answers a new one
        /// (rotation) with a fresh access token that lives `tokenLifetimeSeconds`.
        case refreshToken
        /// A long-lived token (`token` to begin with, valid `tokenLifetimeSeconds` from the start) exchanged for a
        /// new one at `/refresh_access_token`, as Instagram's Graph API does.
        case longLivedToken
    }

    /// The path prefix (`/<name>`): letters, digits, `-` and `_`.
    public var name: String
    public var contract: SimulatedContract
    public var count: Int
    public var seed: UInt64
    /// The largest page served, whatever the client asks (Credly pages are at most 50 regardless).
    public var pageSizeCap: Int
    public var mix: CredentialGenerator.Mix
    /// nsqf's OAuth2 client.
    public var clientId: String
    public var clientSecret: String
    /// How long an issued access token lives (nsqf, refresh-token and long-lived auth).
    public var tokenLifetimeSeconds: Int
    /// The refresh token a refresh-token platform starts with (`auth: .refreshToken`).
    public var refreshToken: String
    /// How long a refresh token stays usable; nil for ever.
    public var refreshTokenLifetimeSeconds: Int?
    /// swayam's `X-API-Key`.
    public var apiKey: String
    /// The static bearer token (openbadges; generic and file with `auth: .bearer`), and Credly's organisation
    /// token (the Basic user name).
    public var token: String
    /// Credly's organisation id (the path segment).
    public var organizationId: String
    /// generic_rest and file contracts: whether a bearer token is required.
    public var auth: Auth

    public init(
        name: String, contract: SimulatedContract, count: Int, seed: UInt64 = 1, pageSizeCap: Int = 1_000,
        mix: CredentialGenerator.Mix = CredentialGenerator.Mix(), tokenLifetimeSeconds: Int = 3_600,
        refreshTokenLifetimeSeconds: Int? = nil, auth: Auth? = nil
    ) {
        precondition(
            !name.isEmpty
                && name.utf8.allSatisfy { $0 == 45 || $0 == 95 || (48...57).contains($0) || (97...122).contains($0) },
            "a simulated platform's name is lower-case letters, digits, '-' and '_'")
        precondition(count >= 0 && pageSizeCap > 0 && tokenLifetimeSeconds > 0)
        self.name = name
        self.contract = contract
        self.count = count
        self.seed = seed
        self.pageSizeCap = pageSizeCap
        self.mix = mix
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.refreshTokenLifetimeSeconds = refreshTokenLifetimeSeconds
        refreshToken = "\(name)-refresh-\(seed)"
        clientId = "\(name)-client"
        clientSecret = "\(name)-secret-\(seed)"
        apiKey = "\(name)-key-\(seed)"
        token = "\(name)-token-\(seed)"
        organizationId = "org-\(name)"
        self.auth = auth ?? (contract == .genericRest ? .bearer : .none)
    }

    /// The generator behind this platform's data.
    public var generator: CredentialGenerator {
        CredentialGenerator(contract: contract, seed: seed, count: count, mix: mix)
    }
}
