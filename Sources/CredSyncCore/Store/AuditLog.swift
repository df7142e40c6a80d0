/// The audit trail in `audit_log`: who changed what, when. Details are JSON with secrets masked on the way in.
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
    ///
    /// `details` pass through the redactor: members named like secrets (`clientSecret`, `access_token`…) and the
    /// secret values this process knows are masked, URLs lose their query strings.
    public func record(_ action: String, target: String?, details: JSONObject = JSONObject()) throws {
        let redacted = SecretRegistry.shared.redactor.redact(details)
        try db.run(
            "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
            [clock.nowMs, actor, action, target, JSONValue.object(redacted).serialized])
    }

    /// The newest `limit` entries, newest first.
    public func entries(limit: Int = 50) throws -> [AuditEvent] {
        try db.all(
            "SELECT id, at, actor, action, target, details FROM audit_log ORDER BY at DESC, id DESC LIMIT ?", [limit]
        ) { row in
            AuditEvent(
                id: row.int64(0), atMs: row.int64(1), actor: row.text(2), action: row.text(3),
                target: row.optionalText(4),
                details: (try? JSONParser.parse(row.text(5)).objectValue) ?? JSONObject())
        }
    }
}
