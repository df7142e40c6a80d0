/// The sync log as a window over every run, newest first: each read a range of the index `sync_runs_started`
/// (started_at, id), however many runs there are. A search adds a filter on the rows that range visits.
extension SyncRunStore {
    /// The runs first, then their platform: the index then gives the order without a sort.
    static let windowOrder = KeysetOrder(
        select: "SELECT " + columns.replacingOccurrences(of: " JOIN platforms", with: " CROSS JOIN platforms"),
        countFrom: "FROM sync_runs r",
        filteredCountFrom: "FROM sync_runs r CROSS JOIN platforms p ON p.id = r.platform_id",
        conditions: [], values: [],
        columns: ["r.started_at", "r.id"], descending: true)

    /// The runs `window` names, newest first, those matching `search` only.
    public func window(_ window: KeysetWindow<SyncRunKey>, search: SyncRunSearch?) throws -> [SyncRun] {
        let query = Self.windowOrder.windowQuery(window, filter: search?.condition)
        let rows = try db.all(query.sql, query.values, Self.run)
        return query.reversed ? rows.reversed() : rows
    }

    /// How many runs match `search` (all of them for nil).
    public func count(search: SyncRunSearch?) throws -> Int {
        let query = Self.windowOrder.countQuery(before: SyncRunKey?.none, filter: search?.condition)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }

    /// How many runs matching `search` come before (are newer than) the one with `key`: its position in the log.
    public func position(of key: SyncRunKey, search: SyncRunSearch?) throws -> Int {
        let query = Self.windowOrder.countQuery(before: key, filter: search?.condition)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }

    /// Values that change whenever a run starts, ends or is pruned — when the log holds other runs, or a running one
    /// may have changed what a search reads — but not while a running sync only counts its items: the newest run,
    /// how many run and the newest running one (read through `sync_runs_running`).
    public func membership() throws -> [Int64] {
        try db.first(
            """
            SELECT (SELECT ifnull(max(id), 0) FROM sync_runs),
                   (SELECT count(*) FROM sync_runs WHERE status = 'running'),
                   (SELECT ifnull(max(id), 0) FROM sync_runs WHERE status = 'running')
            """
        ) { row in (0..<3).map { row.int64($0) } } ?? []
    }
}
