/// Applies `ManualSyncLimit` to manual sync requests, remembering accepted ones in `manual_sync_requests`.
///
/// A request counts when it is accepted, whether or not a sync of the platform was already queued; a refused one
/// neither counts nor enqueues. Scheduled syncs never pass through here.
public struct ManualSyncLimiter {
    public let db: Connection
    public let clock: any WallClock
    public let limit: ManualSyncLimit

    public init(db: Connection, clock: any WallClock, limit: ManualSyncLimit) {
        self.db = db
        self.clock = clock
        self.limit = limit
    }

    /// Decides a manual sync request for `platformId` and, when accepted, records it and runs `enqueue` in the same
    /// transaction, so a request is counted exactly when its sync is queued.
    public func request<T>(platformId: Int64, enqueue: () throws -> T) throws -> Result<T, ManualSyncRefusal> {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            try db.run(
                "DELETE FROM manual_sync_requests WHERE platform_id = ? AND at <= ?",
                [platformId, now - limit.windowMs])
            let accepted = try db.all(
                "SELECT at FROM manual_sync_requests WHERE platform_id = ? ORDER BY at", [platformId]
            ) { $0.int64(0) }
            if let retryAfterMs = limit.retryAfterMs(acceptedMs: accepted, nowMs: now) {
                return .failure(ManualSyncRefusal(retryAfterMs: retryAfterMs))
            }
            try db.run("INSERT INTO manual_sync_requests (platform_id, at) VALUES (?, ?)", [platformId, now])
            return .success(try enqueue())
        }
    }
}

/// A manual sync request the limiter refused.
public struct ManualSyncRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// How long until a request is accepted again.
    public var retryAfterMs: Int64

    public init(retryAfterMs: Int64) {
        self.retryAfterMs = retryAfterMs
    }

    /// `rate limited, try again in 14m 36s`, rounded up to the second, in the duration format used everywhere.
    public var description: String {
        "rate limited, try again in \(Timestamp.countdown(retryAfterMs))"
    }
}
