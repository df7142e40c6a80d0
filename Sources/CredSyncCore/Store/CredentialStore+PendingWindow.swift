import Foundation

/// The pending list as a window over every pending credential, in id order: the rows one screen needs, how many
/// match, and where the window starts — each a range of the index `external_credentials_status` (status, id),
/// however many rows there are. A search adds a filter on the rows that range visits.
extension CredentialStore {
    /// The credentials first, then their platform: the status index then gives the id order without a sort.
    static let windowColumns = columns.replacingOccurrences(of: " JOIN platforms", with: " CROSS JOIN platforms")
    static let pendingOrder = KeysetOrder(
        select: "SELECT \(windowColumns)",
        countFrom: "FROM external_credentials c",
        filteredCountFrom: "FROM external_credentials c CROSS JOIN platforms p ON p.id = c.platform_id",
        conditions: ["c.status = 'pending'"], values: [], columns: ["c.id"], descending: false)

    /// The pending credentials `window` names, in id order, those matching `search` only.
    public func pendingWindow(_ window: KeysetWindow<Int64>, search: CredentialSearch?) throws -> [Credential] {
        let query = Self.windowQuery(window, search: search)
        let rows = try db.all(query.sql, query.values, Self.credential)
        return query.descending ? rows.reversed() : rows
    }

    /// How many pending credentials match `search` (all of them for nil).
    public func pendingCount(search: CredentialSearch?) throws -> Int {
        guard search != nil else { return try pendingCount() }
        let query = Self.countQuery(before: nil, search: search)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }

    /// How many pending credentials matching `search` come before the one with `id`: its position in the list.
    public func pendingPosition(of id: Int64, search: CredentialSearch?) throws -> Int {
        let query = Self.countQuery(before: id, search: search)
        return try db.first(query.sql, query.values) { $0.int(0) } ?? 0
    }

    static func windowQuery(
        _ window: KeysetWindow<Int64>, search: CredentialSearch?
    ) -> (sql: String, values: [any DatabaseValueConvertible], descending: Bool) {
        let query = pendingOrder.windowQuery(window, filter: search?.condition)
        return (query.sql, query.values, query.reversed)
    }

    static func countQuery(before id: Int64?, search: CredentialSearch?) -> SQLCondition {
        pendingOrder.countQuery(before: id, filter: search?.condition)
    }
}
