/// A platform's `config` as typed values, parsed and checked once: every number has a documented range and is
/// refused outside it (never clamped), unknown keys are refused with the nearest known name, and the adapter's own
/// keys are left to the adapter to read. Code downstream reads `settings.pageSize`, never the JSON.
public struct PlatformSettings: Sendable, Equatable {
    /// A whole-number setting's key, range and default: the one table docs/adapters.md quotes.
    public struct Range: Sendable {
        public let key: String
        public let bounds: ClosedRange<Int>
        public let unit: String

        public var text: String { "\(bounds.lowerBound)–\(bounds.upperBound)\(unit.isEmpty ? "" : " \(unit)")" }
    }

    public static let pageSizeRange = Range(key: "pageSize", bounds: 1...10_000, unit: "items")
    public static let rateLimitRange = Range(key: "rateLimit", bounds: 1...360_000, unit: "requests per hour")
    public static let delayBetweenPagesRange = Range(key: "delayBetweenPages", bounds: 0...600_000, unit: "ms")
    public static let timeoutSecondsRange = Range(key: "timeoutSeconds", bounds: 1...600, unit: "s")
    public static let lookbackMinutesRange = Range(key: "lookbackMinutes", bounds: 0...10_080, unit: "minutes")
    public static let maxPagesRange = Range(key: "maxPages", bounds: 1...10_000_000, unit: "pages")
    /// `sync_frequency_hours`, a top-level field checked with the same rules.
    public static let syncFrequencyRange = Range(key: "sync_frequency_hours", bounds: 1...8_760, unit: "hours")

    /// The keys every adapter accepts; an adapter adds its own through `AdapterFactory.configKeys`.
    public static let commonKeys: [String] = [
        "pageSize", "rateLimit", "delayBetweenPages", "timeoutSeconds", "lookbackMinutes", "maxPages", "tokenUrl",
        "refreshUrl", "refreshGrantType", "tokenExpiresAt", "apiKeyHeader",
    ]

    public var pageSize = 100
    /// Outbound requests per hour; nil for no limit.
    public var rateLimitPerHour: Int?
    public var delayBetweenPagesMs = 0
    public var timeoutSeconds = 30
    public var lookbackMinutes = 5
    public var maxPages = 100_000
    /// The OAuth2 token endpoint, absolute; `{base}/oauth/token` unless `tokenUrl` says otherwise.
    public var tokenURL: String
    /// The long-lived token exchange endpoint, absolute; `{base}/refresh_access_token` by default.
    public var refreshURL: String
    /// The `grant_type` sent to the long-lived refresh endpoint.
    public var refreshGrantType = "ig_refresh_token"
    /// When a bearer or first long-lived token expires, as the operator entered it.
    public var tokenExpiresAtMs: Int64?
    /// The header an `api_key` platform sends its key in.
    public var apiKeyHeader = "X-API-Key"

    /// The defaults for a platform at `definition`'s base URL (for tests and the form's placeholders).
    public init(defaultsFor definition: PlatformDefinition) {
        tokenURL = definition.url("oauth/token")
        refreshURL = definition.url("refresh_access_token")
    }

    /// Parses `definition.config`; throws `PlatformFieldError` naming the first bad field as `config.KEY`.
    public static func parse(_ definition: PlatformDefinition) throws -> PlatformSettings {
        var settings = PlatformSettings(defaultsFor: definition)
        try settings.read(definition)
        return settings
    }

    private mutating func read(_ definition: PlatformDefinition) throws {
        if let problem = definition.unreadableConfig {
            throw PlatformFieldError(field: "config", problem: problem)
        }
        let config = definition.config
        let adapterKeys = AdapterRegistry.builtIn[definition.adapter]?.configKeys ?? []
        let known = Self.commonKeys + adapterKeys.sorted()
        for key in config.keys.sorted() where !known.contains(key) {
            let hint = NearestName.suggestion(for: key, among: known).map { " — did you mean \"\($0)\"?" } ?? ""
            throw PlatformFieldError(field: "config", problem: "unknown config key \"\(key)\"\(hint)")
        }
        func number(_ range: Range) throws -> Int? {
            guard let value = config[range.key], !value.isNull else { return nil }
            return try Self.wholeNumber(value, in: range, field: "config.\(range.key)")
        }
        func text(_ key: String) throws -> String? {
            guard let value = config[key], !value.isNull else { return nil }
            guard let text = value.stringValue, !ItemText.trimmed(text).isEmpty else {
                throw PlatformFieldError(field: "config.\(key)", problem: "must be a non-empty string")
            }
            return text
        }
        func endpoint(_ key: String) throws -> String? {
            guard let text = try text(key) else { return nil }
            if AdapterConfigReader.isHTTPURL(text) {
                try URLRules.refuseCredentials(in: text, field: "config.\(key)")
                return text
            }
            guard AdapterConfigReader.isHTTPURL(definition.apiBaseURL), !text.contains("://") else {
                throw PlatformFieldError(
                    field: "config.\(key)", problem: "must be an http(s) URL, or a path under an http(s) api_base_url")
            }
            return definition.url(text)
        }
        pageSize = try number(Self.pageSizeRange) ?? pageSize
        rateLimitPerHour = try number(Self.rateLimitRange)
        delayBetweenPagesMs = try number(Self.delayBetweenPagesRange) ?? delayBetweenPagesMs
        timeoutSeconds = try number(Self.timeoutSecondsRange) ?? timeoutSeconds
        lookbackMinutes = try number(Self.lookbackMinutesRange) ?? lookbackMinutes
        maxPages = try number(Self.maxPagesRange) ?? maxPages
        tokenURL = try endpoint("tokenUrl") ?? tokenURL
        refreshURL = try endpoint("refreshUrl") ?? refreshURL
        refreshGrantType = try text("refreshGrantType") ?? refreshGrantType
        if let expiry = try text("tokenExpiresAt") {
            guard let ms = ItemDate.parseISO8601(expiry) else {
                throw PlatformFieldError(
                    field: "config.tokenExpiresAt", problem: "must be an ISO-8601 time such as 2027-01-31T00:00:00Z")
            }
            tokenExpiresAtMs = ms
        }
        if let header = try text("apiKeyHeader") {
            guard header.utf8.allSatisfy(HTTPHeaderName.isTokenByte) else {
                throw PlatformFieldError(field: "config.apiKeyHeader", problem: "must be an HTTP header name")
            }
            apiKeyHeader = header
        }
    }

    /// A JSON whole number (or a string of one, as flags give) within `range`; anything else is refused with the
    /// range, so an operator never gets a silently different value.
    static func wholeNumber(_ value: JSONValue, in range: Range, field: String) throws -> Int {
        let number: Int? =
            switch value {
            case .integer(let integer): Int(exactly: integer)
            case .number(let double): double.rounded() == double && abs(double) < 1e15 ? Int(double) : nil
            case .string(let text): Int(ItemText.trimmed(text))
            default: nil
            }
        guard let number, range.bounds.contains(number) else {
            let got = value.textValue ?? value.kindName
            throw PlatformFieldError(field: field, problem: "must be a whole number from \(range.text) (got \(got))")
        }
        return number
    }
}
