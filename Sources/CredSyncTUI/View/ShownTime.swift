import CredSyncCore

/// The times each part of the screen shows relative to the clock (ages, countdowns, and the moments a state that
/// depends on the clock flips), and when their text next changes. Pure.
enum ShownTime {
    /// The first moment after `nowMs` at which any of `times`, shown relative to the clock (`Timestamp.relative`),
    /// reads differently; nil when there are none.
    static func nextChange(of times: [Int64], nowMs: Int64) -> Int64? {
        times.lazy.map { Timestamp.nextChange(of: $0, nowMs: nowMs) }.min()
    }

    /// The times the header shows.
    static func header(_ snapshot: DashboardSnapshot) -> [Int64] {
        [snapshot.nextScheduledRunMs, snapshot.rateLimitedUntilMs].compactMap { $0 }
    }

    /// The times `pane` shows (Pending shows none).
    static func pane(_ pane: Pane, _ snapshot: DashboardSnapshot, tokenWindowMs: Int64) -> [Int64] {
        var times: [Int64] = []
        switch pane {
        case .platforms:
            for platform in snapshot.platforms {
                if let last = platform.lastSyncAtMs { times.append(last) }
                if case .at(let due) = platform.nextDue { times.append(due) }
            }
        case .queue:
            if let until = snapshot.rateLimitedUntilMs { times.append(until) }
            for row in snapshot.jobs {
                let job = row.job
                switch job.state {
                case .active:
                    times.append(job.startedAt ?? job.updatedAt)
                    if let since = row.awaitingResponseSinceMs { times += [since, since + 2_000] }
                case .delayed, .waiting: times.append(job.runAt)
                case .completed, .failed, .cancelled: times.append(job.finishedAt ?? job.updatedAt)
                }
            }
        case .logs: times.append(contentsOf: snapshot.runs.map(\.startedAtMs))
        case .pending: break
        case .tokens:
            for token in snapshot.tokens {
                if let expires = token.expiresAtMs {
                    // Its colour and state flip a day and a refresh window before it expires.
                    times.append(contentsOf: [expires, expires - 86_400_000, expires - tokenWindowMs])
                }
                if let refreshed = token.refreshedAtMs { times.append(refreshed) }
            }
        }
        return times
    }
}
