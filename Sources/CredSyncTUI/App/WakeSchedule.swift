import CredSyncCore

/// When the UI thread must next wake by itself: at the next whole second while something on screen shows seconds
/// (a countdown, an elapsed time, an age under an hour), at the next whole minute otherwise (ages in minutes and
/// hours), and never later than a flash's expiry. Keys and mailbox messages wake it earlier. Pure: the clock is
/// an argument.
enum WakeSchedule {
    /// Times shown relative to the clock (ages and countdowns) on the panes and overlays visible in `model`.
    static func shownTimes(_ model: DashboardModel) -> [Int64] {
        guard let snapshot = model.snapshot else { return [] }
        var times: [Int64] = []
        if let next = snapshot.nextScheduledRunMs { times.append(next) }
        if let until = snapshot.rateLimitedUntilMs { times.append(until) }
        let layout = model.layout
        let visible: [Pane] =
            layout.tabBar != nil ? [model.focus] : Pane.allCases.filter { layout.panes[$0] != nil }
        for pane in visible {
            switch pane {
            case .platforms:
                for platform in snapshot.platforms {
                    if let last = platform.lastSyncAtMs { times.append(last) }
                    if case .at(let due) = platform.nextDue { times.append(due) }
                }
            case .queue:
                for row in snapshot.jobs {
                    let job = row.job
                    switch job.state {
                    case .active:
                        times.append(job.startedAt ?? job.updatedAt)
                        if let since = row.awaitingResponseSinceMs { times.append(since) }
                    case .delayed, .waiting: times.append(job.runAt)
                    case .completed, .failed, .cancelled: times.append(job.finishedAt ?? job.updatedAt)
                    }
                }
            case .logs: times.append(contentsOf: snapshot.runs.map(\.startedAtMs))
            case .pending: break
            case .tokens:
                for token in snapshot.tokens {
                    if let expires = token.expiresAtMs { times.append(expires) }
                    if let refreshed = token.refreshedAtMs { times.append(refreshed) }
                }
            }
        }
        return times
    }

    /// Whether anything on screen shows a number of seconds that changes as the clock runs.
    static func showsSeconds(_ model: DashboardModel, nowMs: Int64) -> Bool {
        // A detail view lists timestamps of its own, each with its age.
        if model.overlays.contains(where: { if case .detail = $0 { true } else { false } }) { return true }
        return shownTimes(model).contains { abs(nowMs - $0) < 3_600_000 }
    }

    /// Milliseconds from `nowMs` until the UI thread must wake by itself (at least 1).
    static func timeoutMs(_ model: DashboardModel, nowMs: Int64) -> Int {
        let unit: Int64 = showsSeconds(model, nowMs: nowMs) ? 1_000 : 60_000
        var wake = (nowMs / unit + 1) * unit
        if let flash = model.flash { wake = min(wake, max(nowMs + 1, flash.expiresAtMs)) }
        return Int(max(1, wake - nowMs))
    }
}
