/// Where a paged pane's loaded rows sit in the whole list: rows `offset ..< offset + rows` of the `matches` rows
/// that match `filter`, of `total` rows in all.
public struct ListWindowPlace: Sendable, Equatable {
    public var offset: Int
    public var matches: Int
    public var total: Int
    /// The filter the rows were read with.
    public var filter: String

    public init(offset: Int = 0, matches: Int, total: Int? = nil, filter: String = "") {
        self.offset = offset
        self.matches = matches
        self.total = total ?? matches
        self.filter = filter
    }
}
