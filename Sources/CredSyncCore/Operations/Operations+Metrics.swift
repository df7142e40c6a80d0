extension Operations {
    // MARK: - Metrics

    /// The Prometheus text exposition of the database now: `credsync metrics`, and what the daemon writes to
    /// `METRICS_TEXTFILE`. Reads only.
    public func metrics() throws -> String {
        try CredSyncMetrics.text(db: db, nowMs: clock.nowMs)
    }
}
