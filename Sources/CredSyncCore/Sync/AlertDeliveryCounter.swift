import Foundation

/// How this process's alert posts went: thread-safe, read by whoever exports metrics.
public final class AlertDeliveryCounter: @unchecked Sendable {
    /// A copy of the counts at one moment.
    public struct Counts: Sendable, Equatable {
        /// Alerts the receiver accepted (a 2xx answer), retried or not.
        public var delivered = 0
        /// Alerts given up on: every try failed, or the process had to exit first.
        public var failed = 0
        /// Posts that failed and were tried again.
        public var retries = 0

        public init(delivered: Int = 0, failed: Int = 0, retries: Int = 0) {
            self.delivered = delivered
            self.failed = failed
            self.retries = retries
        }
    }

    private let lock = NSLock()
    private var current = Counts()

    public init() {}

    public var counts: Counts { lock.withLock { current } }

    func record(_ change: (inout Counts) -> Void) {
        lock.withLock { change(&current) }
    }
}
