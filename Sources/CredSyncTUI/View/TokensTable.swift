import CredSyncCore

/// The Tokens pane: each platform's token, its expiry countdown coloured by urgency, and the last refresh.
enum TokensTable {
    static let dayMs: Int64 = 86_400_000

    static func make(_ model: DashboardModel, indices: [Int]) -> Table {
        let columns = [
            Table.Column(title: "Platform", width: 10, flex: 1),
            Table.Column(title: "Auth", width: 12, flex: 1, priority: 2),
            Table.Column(title: "State", width: 10),
            Table.Column(title: "Expires", width: 15),
            Table.Column(title: "Refreshed", width: 11, alignRight: true, priority: 1),
            Table.Column(title: "Last refresh result", width: 12, flex: 3, priority: 1, isCause: true),
        ]
        guard let snapshot = model.snapshot else {
            return Table(columns: columns, rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        }
        let now = snapshot.nowMs
        let rows: [[Table.Content]] = indices.map { index in
            let token = snapshot.tokens[index]
            let state = token.state(nowMs: now, windowMs: model.tokenWindowMs)
            return [
                .plain(token.platformName),
                .text(token.authType.rawValue, .dim),
                .text(state.rawValue, role(state: state, token: token, nowMs: now)),
                expiry(token, state: state, nowMs: now, windowMs: model.tokenWindowMs),
                .text(Format.relative(token.refreshedAtMs, nowMs: now), token.refreshedAtMs == nil ? .dim : .text),
                result(token),
            ]
        }
        return Table(
            columns: columns, rows: rows, selected: nil, scroll: 0, focused: false,
            emptyMessage: "no platform uses an expiring token")
    }

    /// Red when failed, expired or within a day; yellow within the refresh window; else ok.
    static func role(state: TokenStatus.State, token: TokenStatus, nowMs: Int64) -> StyleRole {
        switch state {
        case .failed, .expired: return .error
        case .missing: return .dim
        case .expiring:
            if let expires = token.expiresAtMs, expires - nowMs < dayMs { return .error }
            return .warn
        case .ok: return .ok
        }
    }

    static func expiry(_ token: TokenStatus, state: TokenStatus.State, nowMs: Int64, windowMs: Int64) -> Table.Content {
        guard let expires = token.expiresAtMs else { return .text(token.hasToken ? "never" : "—", .dim) }
        let left = expires - nowMs
        let shown = Timestamp.relative(expires, nowMs: nowMs)
        if left <= 0 { return .text("expired " + shown, .error) }
        return .text(shown, left < dayMs ? .error : left <= windowMs ? .warn : .ok)
    }

    static func result(_ token: TokenStatus) -> Table.Content {
        if let error = token.lastError { return .cause(error, .error) }
        if !token.isActive, let reason = token.statusReason { return .text(reason, .error) }
        if token.refreshedAtMs != nil { return .text("ok", .ok) }
        return .text("not refreshed yet", .dim)
    }
}
