/// One numbered, forward-only schema change.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Makes the change; runs inside the migrator's transaction.
    public let apply: @Sendable (Connection) throws -> Void

    /// A migration that is SQL alone.
    public init(version: Int, name: String, sql: String) {
        self.init(version: version, name: name) { try $0.execute(sql) }
    }

    /// A migration that needs to read the database to make its change.
    public init(version: Int, name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}
