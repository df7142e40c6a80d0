/// The queue as the dashboard shows it, read in windows: active jobs, then waiting and delayed ones by run time,
/// then jobs that failed or were cancelled since a moment (newest first), which an operator may retry. Each read
/// is one range of the index `jobs_queue_order`, which holds only the jobs the pane can show.
extension JobQueue {
    /// The shown jobs: unfinished ones, and failed or cancelled ones that finished after `sinceMs`.
    static func shownOrder(sinceMs: Int64) -> KeysetOrder {
        KeysetOrder(
            select: "SELECT \(Job.columns) FROM jobs j", countFrom: "FROM jobs j", filteredCountFrom: "FROM jobs j",
            conditions: [
                "j.state IN ('active', 'waiting', 'delayed', 'failed', 'cancelled')",
                // Rank 3 (failed, cancelled) with -finished_at < -sinceMs: finished after `sinceMs`.
                "(j.queue_rank, j.queue_time) < (3, ?)",
            ], values: [-sinceMs], columns: ["j.queue_rank", "j.queue_time", "j.id"], descending: false)
    }

    /// The shown jobs `window` names, in the pane's order, those matching `search` only.
    public func shownWindow(_ window: KeysetWindow<JobOrderKey>, sinceMs: Int64, search: JobSearch?) throws -> [Job] {
        let query = Self.shownOrder(sinceMs: sinceMs).windowQuery(window, filter: search?.condition)
        let rows = try db.all(query.sql, query.values, Job.init(row:))
        return query.reversed ? rows.reversed() : rows
    }

    /// How many shown jobs match `search` (all of them for nil).
    public func shownCount(sinceMs: Int64, search: JobSearch?) throws -> Int {
        let query = Self.shownOrder(sinceMs: sinceMs).countQuery(before: JobOrderKey?.none, filter: search?.condition)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }

    /// How many shown jobs matching `search` come before the one with `key`: its position in the pane.
    public func shownPosition(of key: JobOrderKey, sinceMs: Int64, search: JobSearch?) throws -> Int {
        let query = Self.shownOrder(sinceMs: sinceMs).countQuery(before: key, filter: search?.condition)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }
}
