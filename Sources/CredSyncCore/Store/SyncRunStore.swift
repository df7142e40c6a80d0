/// The sync log in `sync_runs`.
public struct SyncRunStore {
    public let db: Connection
    public let clock: any WallClock

    public init(db: Connection, clock: any WallClock) {
        self.db = db
        self.clock = clock
    }

    /// Opens a run for an attempt and stamps the platform's `last_sync_at`.
    public func start(platformId: Int64, jobId: Int64?, trigger: JobTrigger, cursorBefore: String?) throws -> Int64 {
        let now = clock.nowMs
        try db.run(
            """
            INSERT INTO sync_runs (platform_id, job_id, trigger, status, started_at, cursor_before)
            VALUES (?, ?, ?, 'running', ?, ?)
            """, [platformId, jobId, trigger.rawValue, now, cursorBefore])
        let id = db.lastInsertRowID
        try db.run("UPDATE platforms SET last_sync_at = ? WHERE id = ?", [now, platformId])
        return id
    }

    /// Adds a committed batch's counts to the run.
    public func add(_ counts: BatchCounts, pages: Int, to runId: Int64) throws {
        var reasons: [String] = []
        if !counts.invalidReasons.isEmpty {
            let stored = try db.first("SELECT invalid_reasons FROM sync_runs WHERE id = ?", [runId]) { $0.optionalText(0) } ?? nil
            reasons = Self.decodeReasons(stored)
            reasons += counts.invalidReasons.prefix(max(0, BatchCounts.maximumReasons - reasons.count))
        }
        try db.run(
            """
            UPDATE sync_runs SET pages = ?, fetched = fetched + ?, created = created + ?, updated = updated + ?,
                unchanged = unchanged + ?, matched = matched + ?, pending = pending + ?, invalid = invalid + ?,
                invalid_reasons = coalesce(?, invalid_reasons)
            WHERE id = ?
            """,
            [
                pages, counts.fetched, counts.created, counts.updated, counts.unchanged, counts.matched, counts.pending,
                counts.invalid, reasons.isEmpty ? nil : JSONValue.array(reasons.map(JSONValue.string)).serialized, runId,
            ])
    }

    /// Closes a run; secrets in `error` are masked.
    public func finish(_ runId: Int64, status: SyncRun.Status, error: String?, cursorAfter: String?) throws {
        let now = clock.nowMs
        let error = error.map { SecretRegistry.shared.redact($0) }
        try db.run(
            """
            UPDATE sync_runs SET status = ?, error = ?, cursor_after = ?, finished_at = ?, duration_ms = ? - started_at
            WHERE id = ?
            """, [status.rawValue, error, cursorAfter, now, now, runId])
    }

    /// SQL for when the last completed run (`SyncRun.Status.isCompleted`) of the platform `platformsAlias` names
    /// started: the due rule's anchor. Falls back to the platform's `last_success_at` when retention has pruned its
    /// runs, and is NULL for a platform that never completed one. Walks the (platform_id, started_at) index backwards.
    static func lastCompletedStartSQL(platformsAlias alias: String) -> String {
        """
        coalesce((SELECT lr.started_at FROM sync_runs lr
                  WHERE lr.platform_id = \(alias).id AND lr.status IN \(SyncRun.Status.completedSQLList)
                  ORDER BY lr.started_at DESC LIMIT 1), \(alias).last_success_at)
        """
    }

    static let columns = """
        r.id, r.platform_id, p.name, r.job_id, r.trigger, r.status, r.started_at, r.finished_at, r.duration_ms, r.pages,
        r.fetched, r.created, r.updated, r.unchanged, r.matched, r.pending, r.invalid, r.error, r.invalid_reasons,
        r.cursor_before, r.cursor_after
        FROM sync_runs r JOIN platforms p ON p.id = r.platform_id
        """

    static func run(_ row: Row) -> SyncRun {
        SyncRun(
            id: row.int64(0), platformId: row.int64(1), platformName: row.text(2), jobId: row.optionalInt64(3),
            trigger: JobTrigger(rawValue: row.text(4)) ?? .manual, status: SyncRun.Status(rawValue: row.text(5)) ?? .failed,
            startedAtMs: row.int64(6), finishedAtMs: row.optionalInt64(7), durationMs: row.optionalInt64(8),
            pages: row.int(9), fetched: row.int(10), created: row.int(11), updated: row.int(12), unchanged: row.int(13),
            matched: row.int(14), pending: row.int(15), invalid: row.int(16), error: row.optionalText(17),
            invalidReasons: decodeReasons(row.optionalText(18)), cursorBefore: row.optionalText(19),
            cursorAfter: row.optionalText(20))
    }

    static func decodeReasons(_ text: String?) -> [String] {
        guard let text, let value = try? JSONParser.parse(text) else { return [] }
        return value.arrayValue?.compactMap(\.stringValue) ?? []
    }

    public func run(id: Int64) throws -> SyncRun? {
        try db.first("SELECT \(Self.columns) WHERE r.id = ?", [id], Self.run)
    }

    /// Runs, newest first, optionally of one platform.
    public func runs(platformId: Int64? = nil, limit: Int = 50) throws -> [SyncRun] {
        try db.all(
            "SELECT \(Self.columns) WHERE (? IS NULL OR r.platform_id = ?) ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
            [platformId, platformId, limit], Self.run)
    }
}
