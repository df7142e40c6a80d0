extension Schema {
    /// Migration 4: what the dashboard's windows over the Queue and the sync log need.
    ///
    /// The pane lists active jobs, then waiting, then delayed ones by run time, then failed and cancelled ones,
    /// newest first. `queue_rank` and `queue_time` are that order (virtual columns: computed when read, nothing
    /// stored); `jobs_queue_order` holds only the jobs the pane can show, so completed jobs cost it nothing.
    /// `JobOrderKey.init(_:)` is the same rule in Swift, for the keys of loaded rows (`JobQueueWindowTests` checks
    /// they agree).
    ///
    /// `sync_runs_running` holds the few running runs, so the dashboard's change check (`ChangeFingerprint`) reads
    /// their progress without a scan of the whole log.
    static let dashboardWindows = """
        ALTER TABLE jobs ADD COLUMN queue_rank INTEGER GENERATED ALWAYS AS (
            CASE state WHEN 'active' THEN 0 WHEN 'waiting' THEN 1 WHEN 'delayed' THEN 2 ELSE 3 END) VIRTUAL;
        ALTER TABLE jobs ADD COLUMN queue_time INTEGER GENERATED ALWAYS AS (
            CASE WHEN state IN ('failed', 'cancelled') THEN -finished_at ELSE run_at END) VIRTUAL;
        CREATE INDEX jobs_queue_order ON jobs(queue_rank, queue_time, id)
            WHERE state IN ('active', 'waiting', 'delayed', 'failed', 'cancelled');
        CREATE INDEX sync_runs_running ON sync_runs(platform_id) WHERE status = 'running';
        """
}
