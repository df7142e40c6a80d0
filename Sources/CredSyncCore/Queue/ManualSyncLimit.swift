/// The manual-sync limiter's arithmetic (SPEC §7): at most `limit` manual sync requests for one platform in any
/// sliding window of `windowMs`. Pure; `ManualSyncLimiter` keeps the request times in the database.
public struct ManualSyncLimit: Sendable, Equatable {
    public var limit: Int
    public var windowMs: Int64

    public init(limit: Int = 10, windowMs: Int64 = 15 * 60_000) {
        precondition(limit > 0 && windowMs > 0)
        self.limit = limit
        self.windowMs = windowMs
    }

    public init(settings: Settings) {
        self.init(limit: settings.manualSyncLimit, windowMs: Int64(settings.manualSyncWindowMinutes) * 60_000)
    }

    /// Nil when a request at `nowMs` is accepted, given the times of the requests accepted before it (oldest
    /// first); otherwise how long until one would be: when the oldest request that counts leaves the window.
    public func retryAfterMs(acceptedMs: [Int64], nowMs: Int64) -> Int64? {
        let inWindow = acceptedMs.filter { $0 > nowMs - windowMs }
        guard inWindow.count >= limit else { return nil }
        return inWindow[inWindow.count - limit] + windowMs - nowMs
    }
}
