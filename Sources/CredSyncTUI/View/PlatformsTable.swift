import CredSyncCore

/// The Platforms pane: state, last sync, next due, failures and counts of each platform.
enum PlatformsTable {
    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        // The last error takes room before the counts only while some platform has one.
        let anyError = model.snapshot.map { snapshot in indices.contains { lastError(snapshot.platforms[$0]) != nil } }
        // Last run is as wide as its longest entry, so `partial · 210 invalid` reads whole.
        let lastRunWidth =
            model.snapshot.map { snapshot in
                indices.reduce(8) { widest, index in
                    guard case .text(let text, _) = lastRun(snapshot.platforms[index]) else { return widest }
                    return max(widest, DisplayWidth.of(text))
                }
            } ?? 8
        let columns = [
            Table.Column(title: "Platform", width: 10, flex: 2),
            Table.Column(title: "State", width: 10),
            Table.Column(title: "Last sync", width: 10, alignRight: true, priority: 1),
            Table.Column(title: "Next due", width: 10, alignRight: true, priority: 2),
            Table.Column(title: "Fails", width: 5, alignRight: true, priority: 1),
            Table.Column(title: "Last run", width: lastRunWidth, priority: 3),
            Table.Column(title: "Credentials", width: 11, alignRight: true, priority: 3),
            Table.Column(title: "Pending", width: 8, alignRight: true, priority: 2),
            Table.Column(title: "Adapter", width: 10, flex: 1, priority: 4),
            Table.Column(title: "Last error", width: 12, flex: 3, priority: 5, isCause: anyError ?? false),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let now = snapshot.nowMs
        let rows: [[Table.Content]] = indices.map { index in
            let platform = snapshot.platforms[index]
            return [
                .plain(platform.name),
                state(platform),
                .text(Format.relative(platform.lastSyncAtMs, nowMs: now), platform.lastSyncAtMs == nil ? .dim : .text),
                nextDue(platform, nowMs: now),
                failures(platform),
                lastRun(platform),
                .plain(Format.count(platform.credentials)),
                .text(Format.count(platform.pending), platform.pending > 0 ? .warn : .dim),
                .text(platform.adapter, .dim),
                lastError(platform).map { .cause($0, platform.active ? .warn : .error) } ?? .text("", .dim),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false,
            emptyMessage: "no platforms: a adds one")
    }

    /// What went wrong last: the retrying job's last error, else why the platform was disabled.
    static func lastError(_ platform: PlatformSummary) -> String? {
        if let job = platform.syncJob, job.isRetrying, let error = job.lastError { return error }
        return platform.active ? nil : platform.statusReason
    }

    /// How its last finished run ended, in the Sync logs pane's words and marks (`partial · 210 invalid`).
    static func lastRun(_ platform: PlatformSummary) -> Table.Content {
        guard let status = platform.lastRunStatus else { return .text("—", .dim) }
        return LogsTable.status(status, invalid: platform.lastRunInvalid)
    }

    static func state(_ platform: PlatformSummary) -> Table.Content {
        if !platform.active { return .text("○ disabled", platform.statusReason == nil ? .dim : .error) }
        if platform.consecutiveFailures >= 3 { return .text("✗ failing", .error) }
        // Retrying only while a sync job of it retries: a failed or cancelled job leaves the last sync failed.
        if platform.isRetrying { return .text("▲ retrying", .warn) }
        if platform.consecutiveFailures > 0 { return .text("▲ failed", .warn) }
        return .text("● active", .ok)
    }

    /// The Fails column: the failed attempts of its sync job while that job retries, else its consecutive failed
    /// syncs (those dominate once they reach the alert's three).
    static func failures(_ platform: PlatformSummary) -> Table.Content {
        if platform.consecutiveFailures < 3, let job = platform.syncJob, job.isRetrying {
            return .text(String(job.failedAttempts), .warn)
        }
        let count = platform.consecutiveFailures
        return .text(String(count), count == 0 ? .dim : count >= 3 ? .error : .warn)
    }

    static func nextDue(_ platform: PlatformSummary, nowMs: Int64) -> Table.Content {
        guard platform.active else { return .text("—", .dim) }
        switch platform.nextDue {
        case .now: return .text("due", .warn)
        case .never: return .text("never", .error)
        case .at(let due): return due <= nowMs ? .text("due", .warn) : .plain(Format.relative(due, nowMs: nowMs))
        }
    }
}
