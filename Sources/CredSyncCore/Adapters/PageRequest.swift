/// What the pipeline asks an adapter for: one page after `cursor` (nil: the first page).
public struct PageRequest: Sendable, Equatable {
    /// The adapter's own position, as it returned it for the previous page; opaque to everyone else.
    public var cursor: String?
    /// Only items changed since this instant (Unix ms), for incremental syncs; nil for a full sync.
    public var sinceMs: Int64?
    public var pageSize: Int

    public init(cursor: String?, sinceMs: Int64?, pageSize: Int) {
        self.cursor = cursor
        self.sinceMs = sinceMs
        self.pageSize = pageSize
    }
}
