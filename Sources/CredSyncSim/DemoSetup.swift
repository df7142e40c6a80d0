import CredSyncCore
import Foundation

/// What `credsync demo` runs against: the simulator in this process serving five platforms across the adapters —
/// one with injected faults so failures and retries show, one whose token is close to expiry — and a database with
/// those platforms, users for most of their learners, and the first syncs queued.
public final class DemoSetup: @unchecked Sendable {
    public let simulator: PlatformSimulator

    /// The demo's platforms: name, contract, credentials.
    static let platforms: [SimulatedPlatform] = [
        SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 20_000, seed: 21, pageSizeCap: 250),
        SimulatedPlatform(name: "swayam", contract: .swayam, count: 8_000, seed: 22, pageSizeCap: 250),
        // A few hashed recipients: each is matched by hashing every user's identifiers with its salt.
        SimulatedPlatform(
            name: "openbadges", contract: .openbadges, count: 3_000, seed: 23, pageSizeCap: 250,
            mix: CredentialGenerator.Mix(hashedShare: 0.02)),
        SimulatedPlatform(name: "credly", contract: .credly, count: 2_000, seed: 24),
        SimulatedPlatform(
            name: "partner", contract: .genericRest, count: 5_000, seed: 25, pageSizeCap: 250, tokenLifetimeSeconds: 900,
            auth: .refreshToken),
    ]

    /// Starts the simulator and fills `db`: platforms (secrets sealed by `box`), users, queued syncs. Returns the
    /// running setup; `stop()` ends the simulator.
    /// `scale` multiplies the credential counts (tests use a small demo).
    public init(db: Connection, box: SecretBox, clock: any WallClock = SystemClock(), actor: String, scale: Double = 1)
        throws
    {
        let platforms = Self.platforms.map { platform -> SimulatedPlatform in
            var scaled = platform
            scaled.count = max(20, Int(Double(platform.count) * scale))
            return scaled
        }
        simulator = PlatformSimulator(platforms: platforms)
        try simulator.start()
        let store = PlatformStore(db: db, clock: clock)
        let audit = AuditLog(db: db, clock: clock, actor: actor)
        let phones = PhoneNormalizer(defaultCountryCode: "91")
        let queue = JobQueue(db: db, clock: clock)
        for simulated in platforms {
            var definition = simulator.definition(for: simulated.name)
            definition.displayName = Self.displayNames[simulated.name] ?? simulated.name
            definition.syncFrequencyHours = 1
            definition.config["pageSize"] = .integer(Int64(min(250, simulated.pageSizeCap)))
            if simulated.name == "openbadges" {
                // A static bearer token the operator says expires in a day and a half: the Tokens pane warns.
                definition.config["tokenExpiresAt"] = .string(Timestamp.iso8601(clock.nowMs + 36 * 3_600_000))
            }
            let platform = try db.transaction(.immediate) {
                let platform = try store.add(definition, secrets: Self.secrets(simulator.secrets(for: simulated.name)), box: box)
                try audit.record("platform.add", target: "platform:\(platform.name)", details: ["demo": .bool(true)])
                return platform
            }
            let users = try UserImport(
                text: simulator.users(for: simulated.name, fraction: 0.7).csv, format: .csv, phoneNormalizer: phones)
            _ = try UserStore(db: db, clock: clock).importUsers(users, phoneNormalizer: phones)
            try queue.enqueue(kind: .sync, platformId: platform.id, trigger: .manual, priority: 0)
        }
        // Credly's API is having a bad day: server errors, then a rate limit, so retries and backoff show.
        simulator.inject(.status(503), platform: "credly", times: 9)
        simulator.inject(.status(429, retryAfter: "3"), platform: "credly", times: 2)
    }

    public func stop() {
        simulator.stop()
    }

    static let displayNames = [
        "nsqf": "NSQF Portal", "swayam": "SWAYAM", "openbadges": "Open Badges Hub", "credly": "Credly",
        "partner": "Partner LMS",
    ]

    static func secrets(_ object: JSONObject) -> PlatformSecrets {
        var secrets = PlatformSecrets()
        secrets.apiKey = object["apiKey"]?.stringValue
        secrets.clientId = object["clientId"]?.stringValue
        secrets.clientSecret = object["clientSecret"]?.stringValue
        secrets.accessToken = object["accessToken"]?.stringValue
        secrets.refreshToken = object["refreshToken"]?.stringValue
        return secrets
    }
}
