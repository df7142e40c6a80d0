/// The audit trail in `audit_log`: who changed what, when. Details are JSON and never carry a secret.
public struct AuditLog {
    public let db: Connection
    public let clock: any WallClock
    public let actor: String

    public init(db: Connection, clock: any WallClock, actor: String) {
        self.db = db
        self.clock = clock
        self.actor = actor
    }

    /// Records one action; call it inside the transaction that makes the change, so both land or neither.
    public func record(_ action: String, target: String?, details: JSONObject = JSONObject()) throws {
        try db.run(
            "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
            [clock.nowMs, actor, action, target, JSONValue.object(details).serialized])
    }
}
