/// The pending list as a window over every pending credential, in id order: the rows one screen needs, how many
/// match, and where the window starts — each an index range on `external_credentials_status` (status, id), however
/// many rows there are. A search adds a filter on the rows that range visits.
extension CredentialStore {
    /// The pending credentials `window` names, in id order, those matching `search` only.
    public func pendingWindow(_ window: KeysetWindow, search: PendingSearch?) throws -> [Credential] {
        let condition = search?.condition
        let filter = condition.map { " AND \($0.sql)" } ?? ""
        let values = condition?.values ?? []
        let base = "SELECT \(Self.columns) WHERE c.status = 'pending'\(filter)"
        switch window.anchor {
        case .first:
            return try db.all("\(base) ORDER BY c.id LIMIT ?", values + [window.size], Self.credential)
        case .from(let id):
            return try db.all("\(base) AND c.id >= ? ORDER BY c.id LIMIT ?", values + [id, window.size], Self.credential)
        case .after(let id, let skip):
            return try db.all(
                "\(base) AND c.id > ? ORDER BY c.id LIMIT ? OFFSET ?", values + [id, window.size, max(0, skip)],
                Self.credential)
        case .last:
            return try db.all("\(base) ORDER BY c.id DESC LIMIT ?", values + [window.size], Self.credential).reversed()
        case .before(let id, let skip):
            return try db.all(
                "\(base) AND c.id < ? ORDER BY c.id DESC LIMIT ? OFFSET ?", values + [id, window.size, max(0, skip)],
                Self.credential
            ).reversed()
        }
    }

    /// How many pending credentials match `search` (all of them for nil).
    public func pendingCount(search: PendingSearch?) throws -> Int {
        guard let condition = search?.condition else { return try pendingCount() }
        return try db.first(
            """
            SELECT count(*) FROM external_credentials c JOIN platforms p ON p.id = c.platform_id
            WHERE c.status = 'pending' AND \(condition.sql)
            """, condition.values
        ) { $0.int(0) } ?? 0
    }

    /// How many pending credentials matching `search` come before the one with `id`: its position in the list.
    public func pendingPosition(of id: Int64, search: PendingSearch?) throws -> Int {
        let condition = search?.condition
        return try db.first(
            """
            SELECT count(*) FROM external_credentials c JOIN platforms p ON p.id = c.platform_id
            WHERE c.status = 'pending' AND c.id < ?\(condition.map { " AND \($0.sql)" } ?? "")
            """, [id] + (condition?.values ?? [])
        ) { $0.int(0) } ?? 0
    }
}
