import CredSyncCore

/// The rows each pane lists, by index into the snapshot's arrays: their count, stable key and filter text.
extension DashboardSnapshot {
    public func rowCount(_ pane: Pane) -> Int {
        switch pane {
        case .platforms: platforms.count
        case .queue: jobs.count
        case .logs: runs.count
        case .pending: pending.count
        case .tokens: tokens.count
        }
    }

    /// Where the loaded rows of a paged pane sit in its whole list; nil when the loaded rows are the whole list.
    public func place(_ pane: Pane) -> ListWindowPlace? {
        switch pane {
        case .pending:
            ListWindowPlace(offset: pendingOffset, matches: pendingMatches, total: pendingTotal, filter: pendingFilter)
        case .logs: runsPlace
        case .queue: jobsPlace
        case .platforms, .tokens: nil
        }
    }

    /// The row's id, so a selection can follow its row across snapshots.
    public func rowKey(_ pane: Pane, _ index: Int) -> Int64 {
        switch pane {
        case .platforms: platforms[index].id
        case .queue: jobs[index].job.id
        case .logs: runs[index].id
        case .pending: pending[index].id
        case .tokens: tokens[index].platformId
        }
    }

    /// The text `/` filters on: the row's words as the pane shows them (times left out, they change).
    public func searchText(_ pane: Pane, _ index: Int, nowMs: Int64, windowMs: Int64) -> String {
        let parts: [String?]
        switch pane {
        case .platforms:
            let platform = platforms[index]
            parts = [
                platform.name, platform.displayName, platform.adapter, platform.active ? "active" : "disabled",
                platform.statusReason,
            ]
        case .queue:
            let row = jobs[index]
            parts = [
                row.job.state.rawValue, row.job.kind.rawValue, row.platformName, row.job.trigger.rawValue,
                row.job.lastError,
            ]
        case .logs:
            let run = runs[index]
            parts = [run.platformName, run.trigger.rawValue, run.status.rawValue, run.error]
        case .pending:
            let credential = pending[index]
            parts = [
                credential.platformName, credential.learnerName, credential.learnerEmail, credential.learnerPhone,
                credential.title, credential.matchNote, credential.externalId,
            ]
        case .tokens:
            let token = tokens[index]
            parts = [
                token.platformName, token.authType.rawValue, token.state(nowMs: nowMs, windowMs: windowMs).rawValue,
                token.statusReason, token.lastError,
            ]
        }
        return parts.compactMap { $0 }.joined(separator: " ")
    }
}
