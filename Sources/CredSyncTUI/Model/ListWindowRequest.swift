import CredSyncCore

/// The rows a paged pane wants read: a keyset window over the whole list and the filter it is read with.
public struct ListWindowRequest<Key: KeysetKey>: Sendable, Hashable {
    public var window: KeysetWindow<Key>
    /// The pane's `/` filter, applied by the query.
    public var filter: String

    public init(window: KeysetWindow<Key> = KeysetWindow(), filter: String = "") {
        self.window = window
        self.filter = filter
    }
}

/// What the UI asks the data source to read besides the fixed parts: each paged pane's window.
public struct DashboardWindows: Sendable, Equatable {
    public var pending: ListWindowRequest<Int64>
    public var logs: ListWindowRequest<SyncRunKey>
    public var queue: ListWindowRequest<JobOrderKey>
    /// Sync logs: the newest run the operator saw at the top, whose position counts the runs that came in since.
    public var newestSeenRun: SyncRunKey?

    public init(
        pending: ListWindowRequest<Int64> = ListWindowRequest(),
        logs: ListWindowRequest<SyncRunKey> = ListWindowRequest(),
        queue: ListWindowRequest<JobOrderKey> = ListWindowRequest(), newestSeenRun: SyncRunKey? = nil
    ) {
        self.pending = pending
        self.logs = logs
        self.queue = queue
        self.newestSeenRun = newestSeenRun
    }
}
