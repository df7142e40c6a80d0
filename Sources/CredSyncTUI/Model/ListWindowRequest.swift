import CredSyncCore

/// The rows a paged pane wants read: a keyset window over the whole list and the filter it is read with.
public struct ListWindowRequest: Sendable, Equatable {
    public var window: KeysetWindow
    /// The pane's `/` filter, applied by the query.
    public var filter: String

    public init(window: KeysetWindow = KeysetWindow(), filter: String = "") {
        self.window = window
        self.filter = filter
    }
}

/// What the UI asks the data source to read besides the fixed parts: each paged pane's window.
public struct DashboardWindows: Sendable, Equatable {
    public var pending: ListWindowRequest

    public init(pending: ListWindowRequest = ListWindowRequest()) {
        self.pending = pending
    }
}
