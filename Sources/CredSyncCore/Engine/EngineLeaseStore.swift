/// Reads and writes the engine lease.
public struct EngineLeaseStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    /// Takes the lease when it is free, expired or already ours.
    public func tryAcquire(_ me: EngineIdentity, ttlMs: Int64) throws -> LeaseAttempt {
        let now = clock.nowMs
        return try db.transaction(.immediate) {
            if let lease = try current(), lease.holder != me.holder, lease.expiresAtMs > now {
                return .heldBy(lease)
            }
            try db.run(
                """
                INSERT INTO engine_lease (id, holder, pid, host, heartbeat_at, expires_at) VALUES (1, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
                    heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
                """, [me.holder, me.pid, me.host, now, now + ttlMs])
            return .acquired
        }
    }

    /// Extends our lease; false when another engine holds it now (ours expired and was taken).
    public func renew(_ me: EngineIdentity, ttlMs: Int64) throws -> Bool {
        let now = clock.nowMs
        try db.run(
            "UPDATE engine_lease SET heartbeat_at = ?, expires_at = ? WHERE id = 1 AND holder = ?",
            [now, now + ttlMs, me.holder])
        return db.changes == 1
    }

    /// Gives the lease up so a viewer or another daemon can take over at once.
    public func release(_ me: EngineIdentity) throws {
        try db.run("DELETE FROM engine_lease WHERE id = 1 AND holder = ?", [me.holder])
    }

    public func current() throws -> EngineLease? {
        try db.first("SELECT holder, pid, host, heartbeat_at, expires_at FROM engine_lease WHERE id = 1") {
            EngineLease(
                holder: $0.text(0), pid: Int32($0.int(1)), host: $0.text(2), heartbeatAtMs: $0.int64(3),
                expiresAtMs: $0.int64(4))
        }
    }
}
