/// A row's place in a list read by `KeysetWindow`: the values the list is ordered by, most significant first,
/// ending with the row's id so that no two rows share a key.
public protocol KeysetKey: Sendable, Hashable {
    /// The values in the order of `KeysetOrder.columns`.
    var keysetValues: [Int64] { get }
}

/// A list ordered by id alone.
extension Int64: KeysetKey {
    public var keysetValues: [Int64] { [self] }
}
