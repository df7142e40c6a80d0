/// A platform as stored: the operator's definition plus its sync state.
public struct Platform: Sendable, Equatable {
    public var id: Int64
    public var definition: PlatformDefinition
    public var isActive: Bool
    public var statusReason: String?
    /// The incremental position: the newest `updated_at` seen (ISO-8601) or the platform's own cursor.
    public var syncCursor: String?
    public var lastSyncAtMs: Int64?
    public var lastSuccessAtMs: Int64?
    public var consecutiveFailures: Int
    public var hasSecrets: Bool
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public var name: String { definition.name }
}
