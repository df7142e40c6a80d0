/// The global start-rate limit: at most `perMinute` job starts in any sliding 60-second window.
public struct StartRateLimit: Sendable, Equatable {
    public static let windowMs: Int64 = 60_000
    public var perMinute: Int

    public init(perMinute: Int) {
        precondition(perMinute > 0)
        self.perMinute = perMinute
    }

    /// When the next job may start, given the start times inside the window, oldest first: `now` when a start is
    /// allowed at once, otherwise the moment the oldest counted start leaves the window.
    public func nextStartMs(recentStartsMs: [Int64], nowMs: Int64) -> Int64 {
        let inWindow = recentStartsMs.filter { $0 > nowMs - Self.windowMs }
        guard inWindow.count >= perMinute else { return nowMs }
        return inWindow[inWindow.count - perMinute] + Self.windowMs
    }
}
