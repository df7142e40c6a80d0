/// What writing a batch of items did, added into the run's counters.
public struct BatchCounts: Sendable, Equatable {
    public var fetched = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var matched = 0
    public var pending = 0
    public var invalid = 0
    /// The first reasons items were invalid, for the run's log.
    public var invalidReasons: [String] = []
    /// The newest `updated_at` among the items, for the incremental cursor.
    public var newestUpdatedAtMs: Int64?

    public init() {}

    public static let maximumReasons = 20

    public mutating func add(_ other: BatchCounts) {
        fetched += other.fetched
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        matched += other.matched
        pending += other.pending
        invalid += other.invalid
        invalidReasons += other.invalidReasons.prefix(Self.maximumReasons - invalidReasons.count)
        newestUpdatedAtMs = [newestUpdatedAtMs, other.newestUpdatedAtMs].compactMap { $0 }.max()
    }
}
