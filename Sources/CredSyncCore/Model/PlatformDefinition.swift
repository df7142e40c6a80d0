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
    /// The seed's JSON shape: pageSize, rateLimit (requests/hour), delayBetweenPages (ms), timeoutSeconds,
    /// lookbackMinutes, tokenUrl, maxPages and adapter-specific fields. Read it through `settings()`.
    public var config: JSONObject
    /// Set when the stored `config` text is not a JSON object (an older or hand-edited database): `settings()`
    /// reports it, naming the platform, instead of reading it as `{}`.
    public var unreadableConfig: String?

    public init(
        name: String, displayName: String? = nil, platformType: String = PlatformDefinition.defaultPlatformType, adapter: String,
        apiBaseURL: String = "", apiVersion: String = PlatformDefinition.defaultAPIVersion, authType: AuthType = .none, syncFrequencyHours: Int = PlatformDefinition.defaultSyncFrequencyHours,
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

    /// The defaults a new platform gets for what the operator leaves out.
    public static let defaultPlatformType = "private"
    public static let defaultAPIVersion = "v1"
    public static let defaultSyncFrequencyHours = 24

    /// The typed, checked config; throws `PlatformFieldError` naming the bad field.
    public func settings() throws -> PlatformSettings {
        try PlatformSettings.parse(self)
    }

    /// `{base}/{path}` with exactly one slash between them.
    public func url(_ path: String) -> String {
        let base = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        return path.hasPrefix("/") ? base + path : base + "/" + path
    }
}
