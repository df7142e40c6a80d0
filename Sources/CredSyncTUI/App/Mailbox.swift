import Foundation

/// Where the background threads leave actions for the UI thread: the latest snapshot (older ones are dropped
/// unread) and every command result, in order.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: Action?
    private var results: [Action] = []

    func postSnapshot(_ action: Action) {
        lock.withLock { snapshot = action }
    }

    func postResult(_ action: Action) {
        lock.withLock { results.append(action) }
    }

    /// Everything posted since the last call: the snapshot first, then the results.
    func take() -> [Action] {
        lock.withLock {
            defer {
                snapshot = nil
                results = []
            }
            return (snapshot.map { [$0] } ?? []) + results
        }
    }
}
