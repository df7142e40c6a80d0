/// A condition for a `WHERE` clause with the values its parameters bind to.
public typealias SQLCondition = (sql: String, values: [any DatabaseValueConvertible])

/// A list in the order of an index, and the queries that read it in `KeysetWindow`s: the window's rows, how many
/// rows match, and how many come before a row (its position). Every window is one range of the index, however
/// many rows there are; a filter is checked on the rows that range visits.
///
/// Shared by the dashboard's paged lists (Pending, Sync logs, Queue); each names its columns, the conditions every
/// row of it meets and its key columns, and gets the same five anchors and counts.
struct KeysetOrder {
    /// `SELECT … FROM …` with its joins, without a `WHERE`.
    var select: String
    /// `FROM …` for counting without a filter, and with one (with the joins a filter needs).
    var countFrom: String
    var filteredCountFrom: String
    /// What every row of the list meets, with the values it binds.
    var conditions: [String]
    var values: [any DatabaseValueConvertible]
    /// The key columns, most significant first, in the index's order; the last is the row's id.
    var columns: [String]
    /// Whether the list runs from the greatest key to the least (newest first).
    var descending: Bool

    /// The rows `window` names, and whether the query returns them in reverse list order (to be reversed).
    func windowQuery<Key>(_ window: KeysetWindow<Key>, filter: SQLCondition?) -> (
        sql: String, values: [any DatabaseValueConvertible], reversed: Bool
    ) {
        var (sql, values) = whereClause(select, filter: filter)
        let limit: [any DatabaseValueConvertible] = [window.size]
        switch window.anchor {
        case .first:
            return ("\(sql) ORDER BY \(order(reversed: false)) LIMIT ?", values + limit, false)
        case .from(let key):
            sql += " AND " + comparison(descending ? "<=" : ">=", key, &values)
            return ("\(sql) ORDER BY \(order(reversed: false)) LIMIT ?", values + limit, false)
        case .after(let key, let skip):
            sql += " AND " + comparison(descending ? "<" : ">", key, &values)
            return (
                "\(sql) ORDER BY \(order(reversed: false)) LIMIT ? OFFSET ?", values + limit + [max(0, skip)], false
            )
        case .last:
            return ("\(sql) ORDER BY \(order(reversed: true)) LIMIT ?", values + limit, true)
        case .before(let key, let skip):
            sql += " AND " + comparison(descending ? ">" : "<", key, &values)
            return ("\(sql) ORDER BY \(order(reversed: true)) LIMIT ? OFFSET ?", values + limit + [max(0, skip)], true)
        }
    }

    /// How many rows match `filter`, or only those before `key` in list order (the position of the row with `key`).
    func countQuery<Key: KeysetKey>(before key: Key?, filter: SQLCondition?) -> SQLCondition {
        var (sql, values) = whereClause(
            "SELECT count(*) \(filter == nil ? countFrom : filteredCountFrom)", filter: filter)
        if let key { sql += " AND " + comparison(descending ? ">" : "<", key, &values) }
        return (sql, values)
    }

    private func whereClause(_ head: String, filter: SQLCondition?) -> SQLCondition {
        let all = conditions + (filter.map { [$0.sql] } ?? [])
        return ("\(head) WHERE \(all.isEmpty ? "1" : all.joined(separator: " AND "))", values + (filter?.values ?? []))
    }

    /// `columns op key` as a row value, which SQLite reads as a range of the index.
    private func comparison<Key: KeysetKey>(_ op: String, _ key: Key, _ values: inout [any DatabaseValueConvertible])
        -> String
    {
        let keyValues = key.keysetValues
        precondition(keyValues.count == columns.count, "a key of \(keyValues.count) values for \(columns)")
        values += keyValues.map { $0 as any DatabaseValueConvertible }
        if columns.count == 1 { return "\(columns[0]) \(op) ?" }
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "(\(columns.joined(separator: ", "))) \(op) (\(marks))"
    }

    private func order(reversed: Bool) -> String {
        let direction = descending != reversed ? "DESC" : "ASC"
        return columns.map { "\($0) \(direction)" }.joined(separator: ", ")
    }
}
