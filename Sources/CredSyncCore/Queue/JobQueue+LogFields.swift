extension JobQueue {
    /// What a log line about `job` names, for structured logs: `job`, its platform by name, and its latest sync
    /// run when it has one. A lookup that fails leaves its field out: logging never fails a job.
    func logFields(for job: Job) -> [String: String] {
        var fields = ["job": String(job.id)]
        guard let platformId = job.platformId else { return fields }
        if let name = try? db.first("SELECT name FROM platforms WHERE id = ?", [platformId], { $0.text(0) }) {
            fields["platform"] = name
        }
        // Through the (platform_id, started_at) index: job_id has none.
        if let run = try? db.first(
            "SELECT id FROM sync_runs WHERE platform_id = ? AND job_id = ? ORDER BY started_at DESC, id DESC LIMIT 1",
            [platformId, job.id], { $0.int64(0) })
        {
            fields["run"] = String(run)
        }
        return fields
    }
}
