/// What an operator gives to add or edit a platform, in the seed's JSON shape (`platforms add --file`, the flags,
/// the dashboard's form): only the fields given. `applied(to:)` turns it into a whole definition, with the defaults
/// for what a new platform leaves out, in one place.
public struct PlatformChanges: Sendable, Equatable {
    /// The seed's top-level fields, in the order error messages list them.
    public static let fields = [
        "name", "display_name", "platform_type", "adapter", "api_base_url", "api_version", "auth_type",
        "sync_frequency_hours", "config",
    ]

    public var name: String?
    public var displayName: String?
    public var platformType: String?
    public var adapter: String?
    public var apiBaseURL: String?
    public var apiVersion: String?
    public var authType: AuthType?
    public var syncFrequencyHours: Int?
    /// Keys to set in `config`; a key whose value is `null` is removed. Keys not named stay as they are.
    public var config: JSONObject?

    public init() {}

    /// Reads the seed's JSON object; throws the first field with a wrong name or type.
    public init(json object: JSONObject) throws {
        for key in object.keys.sorted() where !Self.fields.contains(key) {
            let hint = NearestName.suggestion(for: key, among: Self.fields).map { " — did you mean \"\($0)\"?" } ?? ""
            throw PlatformFieldError(field: key, problem: "is not a platform field\(hint)")
        }
        func text(_ key: String) throws -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let text = value.stringValue else {
                throw PlatformFieldError(field: key, problem: "must be a string (got \(value.kindName))")
            }
            return ItemText.trimmed(text)
        }
        name = try text("name")
        displayName = try text("display_name")
        platformType = try text("platform_type")
        adapter = try text("adapter")
        apiBaseURL = try text("api_base_url")
        apiVersion = try text("api_version")
        if let auth = try text("auth_type") {
            guard let parsed = AuthType(rawValue: auth) else {
                let names = AuthType.allCases.map(\.rawValue)
                let hint = NearestName.suggestion(for: auth, among: names).map { "did you mean \"\($0)\"? " } ?? ""
                throw PlatformFieldError(
                    field: "auth_type", problem: "unknown auth type \"\(auth)\"; \(hint)known: \(names.joined(separator: ", "))")
            }
            authType = parsed
        }
        if let hours = object["sync_frequency_hours"], !hours.isNull {
            syncFrequencyHours = try PlatformSettings.wholeNumber(
                hours, in: PlatformSettings.syncFrequencyRange, field: "sync_frequency_hours")
        }
        if let config = object["config"], !config.isNull {
            guard let configObject = config.objectValue else {
                throw PlatformFieldError(
                    field: "config", problem: "must be a JSON object such as {\"pageSize\": 100} (got \(config.kindName))")
            }
            self.config = configObject
        }
    }

    /// The definition these changes make of `base` (nil for a new platform). A new platform's adapter defaults to
    /// its name when that is a built-in adapter, its auth type to the adapter's first; the rest to
    /// `PlatformDefinition`'s defaults. Nothing is checked here: `PlatformDefinition.validate()` does that.
    public func applied(to base: PlatformDefinition?) throws -> PlatformDefinition {
        guard let name = name ?? base?.name, !name.isEmpty else {
            throw PlatformFieldError(field: "name", problem: "is required (--name, or \"name\" in the file)")
        }
        let adapter = adapter ?? base?.adapter ?? (AdapterRegistry.builtIn[name] != nil ? name : nil)
        guard let adapter else {
            throw PlatformFieldError(
                field: "adapter",
                problem: "is required: \"\(name)\" is not a built-in adapter (\(AdapterRegistry.names.joined(separator: ", ")))")
        }
        var config = base?.config ?? JSONObject()
        for (key, value) in self.config ?? [:] {
            if value.isNull { config[key] = nil } else { config[key] = value }
        }
        var definition = PlatformDefinition(
            name: name, displayName: displayName ?? base?.displayName ?? name,
            platformType: platformType ?? base?.platformType ?? PlatformDefinition.defaultPlatformType,
            adapter: adapter, apiBaseURL: apiBaseURL ?? base?.apiBaseURL ?? "",
            apiVersion: apiVersion ?? base?.apiVersion ?? PlatformDefinition.defaultAPIVersion,
            authType: authType ?? base?.authType ?? AdapterRegistry.builtIn[adapter]?.authTypes.first ?? .none,
            syncFrequencyHours: syncFrequencyHours ?? base?.syncFrequencyHours
                ?? PlatformDefinition.defaultSyncFrequencyHours,
            config: config)
        // A config that could not be read stays unreadable until the operator replaces it.
        if self.config == nil { definition.unreadableConfig = base?.unreadableConfig }
        return definition
    }
}
