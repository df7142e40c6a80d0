/// Things a handler keeps for the life of one worker slot and reuses across jobs, such as its HTTP client (one
/// libcurl handle per worker, so connections are reused). Only that slot's thread touches it.
public final class SlotStorage {
    private var values: [String: AnyObject] = [:]

    public init() {}

    /// The value stored under `key`, made by `make` on first use.
    public func value<T: AnyObject>(_ key: String, make: () throws -> T) rethrows -> T {
        if let value = values[key] as? T { return value }
        let value = try make()
        values[key] = value
        return value
    }
}

@available(*, unavailable)
extension SlotStorage: Sendable {}
