/// What writing a batch of items did, added into the run's counters.
public struct BatchCounts: Sendable, Equatable {
    public var fetched = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var matched = 0
    public var pending = 0
    public var invalid = 0
    /// Items whose external id the database held before the batch, each occurrence of a repeated one counted:
    /// updated or unchanged.
    public var previouslyStored = 0
    /// The first reasons items were invalid, for the run's log.
    public var invalidReasons: [String] = []
    /// The newest `updated_at` among the items, for the incremental cursor.
    public var newestUpdatedAtMs: Int64?

    public init() {}

    public static let maximumReasons = 20

    /// Counts a row written with `status` as matched or pending.
    mutating func count(status: String) {
        if status == "matched" { matched += 1 } else if status == "pending" { pending += 1 }
    }

    /// Whether the batch found its credentials new but for a few (under one in ten were stored before it): the
    /// sync's next batch is then read as new too (`CredentialWriter.read(_:platformId:readAhead:expectNew:)`), and
    /// each stored one it holds costs a read of its own.
    public var foundMostlyNew: Bool { created > 0 && previouslyStored * 10 < created }

    public mutating func add(_ other: BatchCounts) {
        fetched += other.fetched
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        matched += other.matched
        pending += other.pending
        invalid += other.invalid
        previouslyStored += other.previouslyStored
        invalidReasons += other.invalidReasons.prefix(Self.maximumReasons - invalidReasons.count)
        newestUpdatedAtMs = [newestUpdatedAtMs, other.newestUpdatedAtMs].compactMap { $0 }.max()
    }
}
