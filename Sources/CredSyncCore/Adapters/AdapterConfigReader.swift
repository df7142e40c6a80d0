/// Reads an adapter's fields out of a platform's `config`, throwing `AdapterConfigError` that names the field
/// (with its dotted path inside nested objects) and says what was expected.
public struct AdapterConfigReader: Sendable {
    public let adapter: String
    public let object: JSONObject
    /// The path of `object` inside `config`: "" at the top, `pagination.` inside `config.pagination`.
    public let prefix: String

    public init(adapter: String, object: JSONObject, prefix: String = "") {
        self.adapter = adapter
        self.object = object
        self.prefix = prefix
    }

    public func error(_ key: String, _ problem: String) -> AdapterConfigError {
        AdapterConfigError(adapter: adapter, field: "config.\(prefix)\(key)", problem: problem)
    }

    /// A string field; nil when absent. `allowEmpty: false` refuses "" and blanks.
    public func string(_ key: String, allowEmpty: Bool = false) throws(AdapterConfigError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw error(key, "must be a string") }
        if !allowEmpty && ItemText.trimmed(text).isEmpty { throw error(key, "must not be empty") }
        return text
    }

    public func requiredString(_ key: String, allowEmpty: Bool = false) throws(AdapterConfigError) -> String {
        guard let text = try string(key, allowEmpty: allowEmpty) else { throw error(key, "is required") }
        return text
    }

    /// A whole number in `range`; nil when absent.
    public func int(_ key: String, in range: ClosedRange<Int>) throws(AdapterConfigError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw error(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// One of `choices` (a `RawRepresentable` enum's raw values); nil when absent.
    public func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, of type: Choice.Type
    ) throws(AdapterConfigError) -> Choice? where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw error(key, "\"\(text)\" is not one of \(names)")
        }
        return choice
    }

    /// A nested object, read with its own prefix; nil when absent.
    public func nested(_ key: String) throws(AdapterConfigError) -> AdapterConfigReader? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let nested = value.objectValue else { throw error(key, "must be an object") }
        return AdapterConfigReader(adapter: adapter, object: nested, prefix: "\(prefix)\(key).")
    }

    /// Refuses keys other than `known`, so a typo (`emial`) is caught when the platform is added.
    public func rejectUnknownKeys(_ known: Set<String>) throws(AdapterConfigError) {
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw error(unknown, "is not a known setting (expected one of \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// An absolute `http(s)://` URL, or a path that `definition.url(_:)` puts under the platform's API base URL.
    public static func resolveURL(
        _ text: String, in definition: PlatformDefinition, field: () -> AdapterConfigError
    ) throws(AdapterConfigError) -> String {
        if isHTTPURL(text) { return text }
        guard isHTTPURL(definition.apiBaseURL) else {
            let error = field()
            // A path is fine: what is missing is the base URL it goes under, so that is the field to fix.
            guard !text.contains("://"), !text.isEmpty else { throw error }
            throw AdapterConfigError(
                adapter: error.adapter, field: "api_base_url",
                problem: "must be an http:// or https:// URL: \(error.field) \"\(text)\" is a path under it")
        }
        return definition.url(text)
    }

    public static func isHTTPURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            return lower.count > scheme.count && !text.contains(where: { $0 == " " || $0 == "\n" })
        }
        return false
    }
}

extension PlatformDefinition {
    /// Refuses an API base URL that is not `http(s)://…`, for adapters that build every URL from it.
    public func requireHTTPBaseURL(adapter: String) throws(AdapterConfigError) {
        guard AdapterConfigReader.isHTTPURL(apiBaseURL) else {
            throw AdapterConfigError(
                adapter: adapter, field: "api_base_url",
                problem: "must be an http:// or https:// URL (got \"\(apiBaseURL)\")")
        }
    }
}
