import CredSyncCore

/// The Queue pane: each job's state, attempt, live progress, rate, pages, time and countdowns.
enum QueueTable {
    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        let columns = [
            Table.Column(title: "State", width: 9),
            Table.Column(title: "Platform", width: 8, flex: 1),
            Table.Column(title: "Kind", width: 5, priority: 4),
            Table.Column(title: "Try", width: 4, alignRight: true, priority: 2),
            Table.Column(title: "Progress", width: 10, flex: 2),
            Table.Column(title: "Rate", width: 8, alignRight: true, priority: 2),
            Table.Column(title: "Pages", width: 5, alignRight: true, priority: 3),
            Table.Column(title: "When", width: 13, alignRight: true, growsTo: 18),
            Table.Column(title: "Note", width: 12, flex: 2, priority: 3, isCause: true),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let now = snapshot.nowMs
        let rows: [[Table.Content]] = indices.map { index in
            let row = snapshot.jobs[index]
            let job = row.job
            return [
                state(job),
                .plain(row.platformName ?? "—"),
                .text(job.kind == .tokenRefresh ? "token" : job.kind.rawValue, .dim),
                .plain("\(max(job.attempts, job.state == .active ? 1 : 0))/\(job.maxAttempts)"),
                progress(row),
                .text(row.itemsPerSecond.map(Format.rate) ?? "", .text),
                .text(row.pages.map { Format.count($0) } ?? "", .text),
                when(job, nowMs: now, rateLimitedUntilMs: snapshot.rateLimitedUntilMs),
                note(row, nowMs: now, rateLimitedUntilMs: snapshot.rateLimitedUntilMs),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false,
            emptyMessage: "queue empty: S syncs every platform")
    }

    static func state(_ job: Job) -> Table.Content {
        switch job.state {
        case .active: .text("▶ active", .accent)
        case .waiting: .text("… waiting", .text)
        case .delayed: .text("◷ delayed", .warn)
        case .completed: .text("✓ done", .ok)
        case .failed: .text("✗ failed", .error)
        case .cancelled: .text("○ cancel", .dim)
        }
    }

    static func progress(_ row: JobRow) -> Table.Content {
        guard row.job.state == .active || row.done > 0 else { return .text("", .dim) }
        return .bar(done: row.done, total: row.total, perSecond: row.itemsPerSecond)
    }

    /// Each state says what its time means: `running 2m 10s` (elapsed), `retry in 45s` (countdown),
    /// `failed 3m ago` (age).
    static func when(_ job: Job, nowMs: Int64, rateLimitedUntilMs: Int64?) -> Table.Content {
        switch job.state {
        case .active:
            return .plain(job.startedAt.map { "running " + Timestamp.elapsed(nowMs - $0) } ?? "running")
        case .delayed:
            return .text(job.runAt > nowMs ? "retry in " + Timestamp.countdown(job.runAt - nowMs) : "retry now", .warn)
        case .waiting:
            if let until = rateLimitedUntilMs, until > nowMs {
                return .text("limit " + Timestamp.countdown(until - nowMs), .warn)
            }
            return job.runAt > nowMs
                ? .plain("starts in " + Timestamp.countdown(job.runAt - nowMs)) : .text("ready", .dim)
        case .completed, .failed, .cancelled:
            let word = job.state == .completed ? "done" : job.state == .failed ? "failed" : "cancel"
            return .text(
                word + " " + Timestamp.relative(job.finishedAt ?? job.updatedAt, nowMs: nowMs),
                job.state == .failed ? .error : .dim)
        }
    }

    static func note(_ row: JobRow, nowMs: Int64, rateLimitedUntilMs: Int64?) -> Table.Content {
        let job = row.job
        if job.cancelRequested && !job.isFinished { return .text("cancel requested", .warn) }
        // A platform slower than a couple of seconds to answer shows how long it has kept the job waiting.
        if let since = row.awaitingResponseSinceMs, nowMs - since >= 2_000 {
            return .text("waiting for response \(Timestamp.elapsed(nowMs - since))", .warn)
        }
        if job.state == .waiting, let until = rateLimitedUntilMs, until > nowMs {
            return .text("rate limited, starts in \(Timestamp.countdown(until - nowMs))", .warn)
        }
        if let error = job.lastError, job.state != .completed {
            return .cause(error, job.state == .failed ? .error : .warn)
        }
        return .text(job.trigger.rawValue, .dim)
    }
}
