/// One pane's cursor: the selected row, how far the list is scrolled, and its filter.
public struct PaneState: Sendable, Equatable {
    /// The selected row among the filtered rows.
    public var selected = 0
    /// The id of the selected row, so the selection follows it when a new snapshot reorders the rows.
    public var selectedKey: Int64?
    /// The first filtered row on screen.
    public var scroll = 0
    /// Case-insensitive substring the rows must contain; empty shows every row.
    public var filter = ""
    /// Sync logs: the key of the top row when the operator was last at the top. While the selection is on it the
    /// pane follows the newest row; once the operator scrolled away, rows above it are counted as new.
    public var newestSeenKey: Int64?

    public init() {}
}
