import CredSyncCore

/// The two header rows: database, engine role and alerts; scheduler, workers, queue and rate-limit state.
enum HeaderView {
    static func draw(_ model: DashboardModel, in rect: Rect, into buffer: inout Buffer) {
        guard rect.height >= 2 else { return }
        var x = rect.x + 1
        x += buffer.write("credsync", x: x, y: rect.y, role: .header, bold: true) + 2
        guard let snapshot = model.snapshot else {
            buffer.write("loading…", x: x, y: rect.y, role: .dim)
            if let error = model.dataError {
                buffer.write("⚠ " + error, x: rect.x + 1, y: rect.y + 1, role: .error, maxWidth: rect.width - 2)
            }
            return
        }
        let alerts = snapshot.openAlerts.count
        let alertText = alerts == 0 ? "no open alerts" : "⚠ \(alerts) open alert\(alerts == 1 ? "" : "s") (A)"
        let alertWidth = DisplayWidth.of(alertText)
        buffer.writeRight(alertText, x: rect.x, y: rect.y, width: rect.width - 1, role: alerts == 0 ? .dim : .error)
        let (roleText, roleStyle) = role(snapshot.role)
        let roleWidth = DisplayWidth.of(roleText)
        let pathWidth = rect.maxX - 1 - alertWidth - 2 - roleWidth - 2 - x
        x += buffer.write(snapshot.databasePath, x: x, y: rect.y, role: .text, maxWidth: max(8, pathWidth)) + 2
        buffer.write(roleText, x: x, y: rect.y, role: roleStyle, maxWidth: rect.maxX - 1 - alertWidth - 1 - x)

        var segments: [(String, StyleRole)] = []
        if snapshot.schedulerEnabled {
            var text = "scheduler on · \(snapshot.schedulerCron)"
            if let next = snapshot.nextScheduledRunMs {
                text += " · next \(Format.relative(next, nowMs: snapshot.nowMs))"
            }
            segments.append((text, .ok))
        } else {
            segments.append(("scheduler paused", .warn))
        }
        segments.append(
            ("workers \(snapshot.workersBusy)/\(snapshot.workersTotal)", snapshot.workersBusy > 0 ? .accent : .text))
        if snapshot.queuePaused { segments.append(("queue paused", .warn)) }
        if let until = snapshot.rateLimitedUntilMs, until > snapshot.nowMs {
            segments.append(("rate limited, next start in " + Timestamp.countdown(until - snapshot.nowMs), .warn))
        }
        if let error = model.dataError { segments.append(("⚠ " + error, .error)) }
        x = rect.x + 1
        for (index, segment) in segments.enumerated() {
            if index > 0 { x += buffer.write(" │ ", x: x, y: rect.y + 1, role: .dim, maxWidth: rect.maxX - 1 - x) }
            x += buffer.write(segment.0, x: x, y: rect.y + 1, role: segment.1, maxWidth: rect.maxX - 1 - x)
        }
    }

    static func role(_ role: DashboardSnapshot.Role) -> (String, StyleRole) {
        switch role {
        case .engine: ("● engine", .ok)
        case .viewer(let holder): ("◐ viewer of \(holder)", .warn)
        case .noEngine: ("○ no engine: jobs wait", .error)
        }
    }
}
