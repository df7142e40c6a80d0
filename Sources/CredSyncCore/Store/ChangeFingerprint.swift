/// A few index lookups that change whenever what the dashboard's costly parts show may have changed: a new run, a
/// running sync's progress, a run that ends, a job that starts, retries or finishes, an audited change (claims,
/// edits, imports), a platform update. Cheap enough to read every 250 ms over a million credentials.
///
/// A run's progress alone does not tell that it ended: a run that writes its rows and ends between two reads leaves
/// the running runs' progress summing to the same (none running, before and after). Their number does change, as
/// the unfinished jobs do when its job finishes, and the active ones when it retries. Nothing here moves with a
/// lease renewal or a heartbeat (a job's `updated_at` does), so a quiet job costs no reload.
public struct ChangeFingerprint: Sendable, Equatable {
    public let values: [Int64]

    public static func read(db: Connection) throws -> ChangeFingerprint {
        let values = try db.first(sql) { row in (0..<row.columnCount).map { row.int64($0) } } ?? []
        return ChangeFingerprint(values: values)
    }

    static let sql = """
        SELECT (SELECT ifnull(max(id), 0) FROM sync_runs),
               (SELECT count(*) FROM sync_runs WHERE status = 'running'),
               (SELECT ifnull(sum(fetched), 0) FROM sync_runs WHERE status = 'running'),
               (SELECT count(*) FROM jobs WHERE state IN ('waiting', 'delayed', 'active')),
               (SELECT ifnull(sum(id), 0) FROM jobs WHERE state IN ('waiting', 'delayed', 'active')),
               (SELECT ifnull(sum(id), 0) FROM jobs WHERE state = 'active'),
               (SELECT ifnull(max(id), 0) FROM audit_log),
               (SELECT ifnull(max(updated_at), 0) FROM platforms),
               (SELECT count(*) FROM platforms)
        """
}
