import CredSyncCore

/// The Sync logs pane: runs, newest first, with their counts and errors.
enum LogsTable {
    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        let columns = [
            Table.Column(title: "Started", width: 8, alignRight: true),
            Table.Column(title: "Platform", width: 8, flex: 1),
            Table.Column(title: "Trigger", width: 8, priority: 2),
            Table.Column(title: "Status", width: 10),
            Table.Column(title: "Took", width: 7, alignRight: true, priority: 1),
            Table.Column(title: "Fetched", width: 8, alignRight: true, priority: 1),
            Table.Column(title: "New", width: 6, alignRight: true, priority: 4),
            Table.Column(title: "Upd", width: 6, alignRight: true, priority: 4),
            Table.Column(title: "Match", width: 6, alignRight: true, priority: 3),
            Table.Column(title: "Pend", width: 5, alignRight: true, priority: 3),
            Table.Column(title: "Inv", width: 4, alignRight: true, priority: 3),
            Table.Column(title: "Error", width: 12, flex: 3, priority: 2, isCause: true),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let now = snapshot.nowMs
        let rows: [[Table.Content]] = indices.map { index in
            let run = snapshot.runs[index]
            let took = run.durationMs ?? (run.status == .running ? now - run.startedAtMs : nil)
            return [
                .plain(Format.relative(run.startedAtMs, nowMs: now).replacingOccurrences(of: " ago", with: "")),
                .plain(run.platformName),
                .text(run.trigger == .startupCatchUp ? "catch-up" : run.trigger.rawValue, .dim),
                status(run.status),
                .plain(took.map(Format.duration) ?? ""),
                .plain(Format.count(run.fetched)),
                .plain(Format.count(run.created)),
                .plain(Format.count(run.updated)),
                .plain(Format.count(run.matched)),
                .text(Format.count(run.pending), run.pending > 0 ? .warn : .text),
                .text(Format.count(run.invalid), run.invalid > 0 ? .warn : .text),
                error(run),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false, emptyMessage: "no sync runs yet")
    }

    /// Why a run failed, cause first; for a partial run how many items were invalid and the first reason.
    static func error(_ run: SyncRun) -> Table.Content {
        if let error = run.error { return .cause(error, .error) }
        guard run.invalid > 0 else { return .text("", .dim) }
        let count = "\(Format.count(run.invalid)) invalid"
        return .text(run.invalidReasons.first.map { "\(count): \($0)" } ?? count, .warn)
    }

    static func status(_ status: SyncRun.Status) -> Table.Content {
        switch status {
        case .running: .text("▶ running", .accent)
        case .succeeded: .text("✓ ok", .ok)
        case .partial: .text("▲ partial", .warn)
        case .failed: .text("✗ failed", .error)
        case .cancelled: .text("○ cancel", .dim)
        }
    }
}
