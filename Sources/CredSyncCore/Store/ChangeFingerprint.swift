/// A few index lookups that change whenever what the dashboard's costly parts show may have changed: a new run, a
/// running sync's progress, an audited change (claims, edits, imports), a platform update. Cheap enough to read
/// every 250 ms over a million credentials.
public struct ChangeFingerprint: Sendable, Equatable {
    public let values: [Int64]

    public static func read(db: Connection) throws -> ChangeFingerprint {
        let values =
            try db.first(
                """
                SELECT (SELECT ifnull(max(id), 0) FROM sync_runs),
                       (SELECT ifnull(sum(fetched), 0) FROM sync_runs WHERE status = 'running'),
                       (SELECT ifnull(max(id), 0) FROM audit_log),
                       (SELECT ifnull(max(updated_at), 0) FROM platforms),
                       (SELECT count(*) FROM platforms)
                """
            ) { row in (0..<5).map { row.int64($0) } } ?? []
        return ChangeFingerprint(values: values)
    }
}
