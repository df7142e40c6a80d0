/// How the registry builds an adapter: checks a platform definition when it is added, then makes the adapter.
public struct AdapterFactory: Sendable {
    public let name: String
    /// One line for `platforms add --help` and docs/adapters.md.
    public let summary: String
    /// The auth types this contract works with; the first is the default.
    public let authTypes: [AuthType]
    /// The `config` keys this adapter reads besides `PlatformSettings.commonKeys`; any other key is refused.
    public let configKeys: Set<String>
    /// Returns an adapter for `definition`, or throws `AdapterConfigError` naming the bad field.
    public let make: @Sendable (PlatformDefinition) throws -> any PlatformAdapter

    public init(
        name: String, summary: String, authTypes: [AuthType], configKeys: Set<String> = [],
        make: @escaping @Sendable (PlatformDefinition) throws -> any PlatformAdapter
    ) {
        self.name = name
        self.summary = summary
        self.authTypes = authTypes
        self.configKeys = configKeys
        self.make = make
    }
}

/// A platform definition an adapter cannot work with; one line naming the field.
public struct AdapterConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    public let adapter: String
    public let field: String
    public let problem: String

    public init(adapter: String, field: String, problem: String) {
        self.adapter = adapter
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(adapter) adapter: \(field) \(problem)" }
}
