/// Raises and resolves alerts in `alerts`: at most one open alert per (kind, platform).
public struct AlertStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    /// Raises an alert, or refreshes the message of the open one (secrets masked). Returns the alert when it is new.
    @discardableResult
    public func raise(_ kind: AlertKind, platformId: Int64?, message: String) throws -> Alert? {
        let message = SecretRegistry.shared.redact(message)
        try db.run(
            "UPDATE alerts SET message = ? WHERE kind = ? AND ifnull(platform_id, 0) = ifnull(?, 0) AND resolved_at IS NULL",
            [message, kind.rawValue, platformId])
        guard db.changes == 0 else { return nil }
        try db.run(
            "INSERT INTO alerts (kind, platform_id, message, raised_at) VALUES (?, ?, ?, ?)",
            [kind.rawValue, platformId, message, clock.nowMs])
        return try alert(id: db.lastInsertRowID)
    }

    /// Resolves the open alert of this kind for this platform, if any. Returns it when one was resolved.
    @discardableResult
    public func resolve(_ kind: AlertKind, platformId: Int64?) throws -> Alert? {
        guard
            let open = try db.first(
                "SELECT id FROM alerts WHERE kind = ? AND ifnull(platform_id, 0) = ifnull(?, 0) AND resolved_at IS NULL",
                [kind.rawValue, platformId], { $0.int64(0) })
        else { return nil }
        try db.run("UPDATE alerts SET resolved_at = ? WHERE id = ?", [clock.nowMs, open])
        return try alert(id: open)
    }

    public func acknowledge(id: Int64) throws -> Bool {
        try db.run("UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL", [clock.nowMs, id])
        return db.changes == 1
    }

    static let columns = """
        a.id, a.kind, a.platform_id, p.name, a.message, a.raised_at, a.resolved_at, a.acknowledged_at
        FROM alerts a LEFT JOIN platforms p ON p.id = a.platform_id
        """

    static func alert(_ row: Row) -> Alert {
        Alert(
            id: row.int64(0), kind: AlertKind(rawValue: row.text(1)) ?? .consecutiveFailures,
            platformId: row.optionalInt64(2), platformName: row.optionalText(3), message: row.text(4),
            raisedAtMs: row.int64(5), resolvedAtMs: row.optionalInt64(6), acknowledgedAtMs: row.optionalInt64(7))
    }

    public func alert(id: Int64) throws -> Alert? {
        try db.first("SELECT \(Self.columns) WHERE a.id = ?", [id], Self.alert)
    }

    /// Open alerts first (newest first), then resolved ones when `includeResolved`.
    public func alerts(includeResolved: Bool = false, limit: Int = 200) throws -> [Alert] {
        try db.all(
            """
            SELECT \(Self.columns) WHERE (? OR a.resolved_at IS NULL)
            ORDER BY a.resolved_at IS NOT NULL, a.raised_at DESC LIMIT ?
            """, [includeResolved, limit], Self.alert)
    }

    /// Every open alert (newest first), then those resolved since `resolvedSinceMs` (latest resolved first).
    public func recent(resolvedSinceMs: Int64, limit: Int = 200) throws -> [Alert] {
        try db.all(
            """
            SELECT \(Self.columns) WHERE a.resolved_at IS NULL OR a.resolved_at >= ?
            ORDER BY a.resolved_at IS NOT NULL, ifnull(a.resolved_at, a.raised_at) DESC LIMIT ?
            """, [resolvedSinceMs, limit], Self.alert)
    }
}
