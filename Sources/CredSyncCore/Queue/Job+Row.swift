extension Job {
    /// The columns `init(row:)` reads, in order.
    static let columns = """
        id, kind, platform_id, state, priority, attempts, max_attempts, stalls, run_at, locked_by, locked_until,
        cancel_requested, progress_done, progress_total, checkpoint, last_error, trigger, payload, created_at,
        updated_at, started_at, finished_at
        """

    init(row: Row) {
        self.init(
            id: row.int64(0), kind: JobKind(rawValue: row.text(1)), platformId: row.optionalInt64(2),
            state: JobState(rawValue: row.text(3)) ?? .failed, priority: row.int(4), attempts: row.int(5),
            maxAttempts: row.int(6), stalls: row.int(7), runAt: row.int64(8), lockedBy: row.optionalText(9),
            lockedUntil: row.optionalInt64(10), cancelRequested: row.bool(11), progressDone: row.int(12),
            progressTotal: row.optionalInt(13), checkpoint: row.optionalText(14), lastError: row.optionalText(15),
            trigger: JobTrigger(rawValue: row.text(16)) ?? .manual, payload: row.optionalText(17),
            createdAt: row.int64(18), updatedAt: row.int64(19), startedAt: row.optionalInt64(20),
            finishedAt: row.optionalInt64(21))
    }
}
