import CredSyncCore

/// The Sync logs pane: runs, newest first, with their counts and errors. A partial run's Status counts its
/// invalid items (`▲ partial · 210 invalid`) and its Error gives the first reason.
enum LogsTable {
    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        // Status is as wide as its longest word on screen, so `partial · 1,210 invalid` reads whole.
        let statusWidth =
            model.snapshot.map { snapshot in
                indices.reduce(10) { widest, index in
                    guard case .text(let text, _) = status(snapshot.runs[index]) else { return widest }
                    return max(widest, DisplayWidth.of(text))
                }
            } ?? 10
        let columns = [
            Table.Column(title: "Started", width: 8, alignRight: true),
            Table.Column(title: "Platform", width: 8, flex: 1),
            Table.Column(title: "Trigger", width: 8, priority: 2),
            Table.Column(title: "Status", width: statusWidth),
            Table.Column(title: "Took", width: 7, alignRight: true, priority: 1),
            Table.Column(title: "Fetched", width: 8, alignRight: true, priority: 1),
            Table.Column(title: "New", width: 6, alignRight: true, priority: 4),
            Table.Column(title: "Upd", width: 6, alignRight: true, priority: 4),
            Table.Column(title: "Match", width: 6, alignRight: true, priority: 3),
            Table.Column(title: "Pend", width: 5, alignRight: true, priority: 3),
            Table.Column(title: "Error", width: 12, flex: 3, priority: 2, isCause: true),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let now = snapshot.nowMs
        let rows: [[Table.Content]] = indices.map { index in
            let run = snapshot.runs[index]
            let age = Timestamp.elapsed(now - run.startedAtMs)
            return [
                .plain(age),
                .plain(run.platformName),
                .text(run.trigger == .startupCatchUp ? "catch-up" : run.trigger.rawValue, .dim),
                status(run),
                .plain(run.durationMs.map(Timestamp.duration) ?? (run.status == .running ? age : "")),
                .plain(Format.count(run.fetched)),
                .plain(Format.count(run.created)),
                .plain(Format.count(run.updated)),
                .plain(Format.count(run.matched)),
                .text(Format.count(run.pending), run.pending > 0 ? .warn : .text),
                error(run),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false, emptyMessage: "no sync runs yet")
    }

    /// Why a run failed, cause first; for a partial run the first reason an item was invalid (Status counts them).
    static func error(_ run: SyncRun) -> Table.Content {
        if let error = run.error { return .cause(error, .error) }
        guard run.invalid > 0 else { return .text("", .dim) }
        return .text(run.invalidReasons.first ?? "", .warn)
    }

    /// The run's state in the words of `SyncRun.stateText` behind a mark: a partial run reads
    /// `▲ partial · 210 invalid`, never like a failed one.
    static func status(_ run: SyncRun) -> Table.Content { status(run.status, invalid: run.invalid) }

    static func status(_ status: SyncRun.Status, invalid: Int) -> Table.Content {
        let words = status.stateText(invalid: invalid, count: Format.count)
        return switch status {
        case .running: .text("▶ " + words, .accent)
        case .succeeded: .text("✓ " + words, .ok)
        case .partial: .text("▲ " + words, .warn)
        case .failed: .text("✗ " + words, .error)
        case .cancelled: .text("○ " + words, .dim)
        }
    }
}
