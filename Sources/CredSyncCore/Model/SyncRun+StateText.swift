extension SyncRun.Status {
    /// The words for a run that ended so, having skipped `invalid` items: `partial · 210 invalid` for a partial
    /// run (every page read, some items could not be), so that it never reads like a failed one; `ok`, `failed`,
    /// `cancelled` or `running` otherwise. The one rule for the dashboard's Sync logs and Platforms panes and the
    /// run's detail; `count` formats the number (the dashboard groups thousands).
    public func stateText(invalid: Int, count: (Int) -> String = { String($0) }) -> String {
        switch self {
        case .running: "running"
        case .succeeded: "ok"
        case .partial: "partial · \(count(invalid)) invalid"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}

extension SyncRun {
    /// Its state in words (`SyncRun.Status.stateText`).
    public func stateText(count: (Int) -> String = { String($0) }) -> String {
        status.stateText(invalid: invalid, count: count)
    }
}
