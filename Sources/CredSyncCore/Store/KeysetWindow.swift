/// Which rows of a long list to read, by key rather than by offset, so that reading any part of a million rows
/// costs the same few index steps: the first rows, the last rows, or the rows next to a row the reader has.
///
/// `Key` is a row's place in the list's order (`KeysetKey`): its id for the Pending list, its start time and id
/// for the sync log, its state's rank, time and id for the Queue.
public struct KeysetWindow<Key: KeysetKey>: Sendable, Hashable {
    public enum Anchor: Sendable, Hashable {
        /// The first `size` rows.
        case first
        /// The last `size` rows.
        case last
        /// Rows from the one with this key on.
        case from(Key)
        /// Rows after the one with this key, skipping `skip` of them first (a page jump past the loaded rows).
        case after(Key, skip: Int)
        /// Rows before the one with this key, the nearest `skip` of them skipped; returned in list order.
        case before(Key, skip: Int)
    }

    public var anchor: Anchor
    public var size: Int

    public init(anchor: Anchor = .first, size: Int = 200) {
        self.anchor = anchor
        self.size = max(1, size)
    }
}
