/// A run's place in the sync log, newest first: when it started, then its id (the index `sync_runs_started` holds
/// both).
public struct SyncRunKey: KeysetKey {
    public var startedAtMs: Int64
    public var id: Int64

    public init(startedAtMs: Int64, id: Int64) {
        self.startedAtMs = startedAtMs
        self.id = id
    }

    public var keysetValues: [Int64] { [startedAtMs, id] }
}

extension SyncRun {
    /// Its place in the sync log.
    public var key: SyncRunKey { SyncRunKey(startedAtMs: startedAtMs, id: id) }
}
