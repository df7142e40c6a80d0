/// What an operator says about a platform: everything `platforms add` takes except the secrets.
public struct PlatformDefinition: Sendable, Equatable {
    public var name: String
    public var displayName: String
    public var platformType: String
    public var adapter: String
    public var apiBaseURL: String
    public var apiVersion: String
    public var authType: AuthType
    public var syncFrequencyHours: Int
    /// pageSize, rateLimit (requests/hour), delayBetweenPages (ms), timeoutSeconds, lookbackMinutes, tokenUrl,
    /// maxPages and adapter-specific fields.
    public var config: JSONObject

    public init(
        name: String, displayName: String? = nil, platformType: String = "private", adapter: String,
        apiBaseURL: String = "", apiVersion: String = "v1", authType: AuthType = .none, syncFrequencyHours: Int = 24,
        config: JSONObject = JSONObject()
    ) {
        self.name = name
        self.displayName = displayName ?? name
        self.platformType = platformType
        self.adapter = adapter
        self.apiBaseURL = apiBaseURL
        self.apiVersion = apiVersion
        self.authType = authType
        self.syncFrequencyHours = syncFrequencyHours
        self.config = config
    }

    /// `{base}/{path}` with exactly one slash between them.
    public func url(_ path: String) -> String {
        let base = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        return path.hasPrefix("/") ? base + path : base + "/" + path
    }

    // MARK: - Common config fields

    public var pageSize: Int { config["pageSize"]?.intValue ?? 100 }
    /// Outbound requests per hour; nil for no limit.
    public var rateLimitPerHour: Int? { config["rateLimit"]?.intValue.flatMap { $0 > 0 ? $0 : nil } }
    public var delayBetweenPagesMs: Int { config["delayBetweenPages"]?.intValue ?? 0 }
    public var timeoutSeconds: Int { config["timeoutSeconds"]?.intValue ?? 30 }
    public var lookbackMinutes: Int { config["lookbackMinutes"]?.intValue ?? 5 }
    public var maxPages: Int { config["maxPages"]?.intValue ?? 100_000 }
}
