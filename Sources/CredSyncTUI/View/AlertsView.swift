import CredSyncCore

/// The alerts view (`A`): open alerts first (kind, platform, message, raised ago, state), then the recently
/// resolved ones; `enter` acknowledges the selected open alert after a confirmation.
enum AlertsView {
    static func draw(_ overlay: AlertsOverlay, model: DashboardModel, size: Size, into buffer: inout Buffer) {
        let box = OverlayLayout.detail(size)
        let alerts = model.snapshot?.alerts ?? []
        let nowMs = model.snapshot?.nowMs ?? model.clockMs
        let open = alerts.filter { $0.resolvedAtMs == nil }.count
        OverlayViews.frame(box, title: "Alerts · \(open) open", into: &buffer)
        // The table, then the selected alert's whole message on the last two lines above the hint.
        let rows = max(2, OverlayLayout.contentRows(box) - 3)
        let table = Table(
            columns: [
                // Kind, platform and state widen to their text (`consecutive failures`, `resolved 23h 59m ago`);
                // the message takes the rest.
                Table.Column(title: "Kind", width: 12, growsTo: 20),
                // The message usually names the platform: the column goes first on a narrow terminal.
                Table.Column(title: "Platform", width: 10, priority: 3, growsTo: 16),
                Table.Column(title: "Message", width: 18, flex: 1),
                Table.Column(title: "Raised", width: 9, alignRight: true, priority: 2),
                Table.Column(title: "State", width: 6, growsTo: 21),
            ],
            rows: alerts.map { alert in
                let (state, role) = self.state(alert, nowMs: nowMs)
                return [
                    .text(kindName(alert.kind), alert.resolvedAtMs == nil ? .text : .dim),
                    .text(alert.platformName ?? "—", .text),
                    .text(alert.message, alert.resolvedAtMs == nil ? .text : .dim),
                    .text(Format.relative(alert.raisedAtMs, nowMs: nowMs), .dim),
                    .text(state, role),
                ]
            },
            selected: overlay.selected, scroll: max(0, overlay.selected - (rows - 1) + 1), focused: true,
            emptyMessage: "no open alerts, none resolved in the last 7 days")
        table.draw(
            in: Rect(x: box.x + 2, y: box.y + 1, width: OverlayLayout.contentWidth(box), height: rows), into: &buffer)
        if alerts.indices.contains(overlay.selected) {
            let alert = alerts[overlay.selected]
            let width = OverlayLayout.contentWidth(box)
            let text = "#\(alert.id) \(alert.platformName.map { $0 + ": " } ?? "")\(alert.message)"
            for (line, part) in Format.wrap(text, width: width).prefix(2).enumerated() {
                buffer.write(part, x: box.x + 2, y: box.maxY - 4 + line, maxWidth: width)
            }
        }
        buffer.write(
            "↑↓ select  enter acknowledge  esc close", x: box.x + 2, y: box.maxY - 2, role: .dim,
            maxWidth: box.width - 4)
    }

    /// `open`, `acknowledged 5m ago` or `resolved 3h ago`, and how it is drawn.
    static func state(_ alert: Alert, nowMs: Int64) -> (String, StyleRole) {
        if let resolved = alert.resolvedAtMs { return ("resolved " + Format.relative(resolved, nowMs: nowMs), .ok) }
        if let acknowledged = alert.acknowledgedAtMs {
            return ("acked " + Format.relative(acknowledged, nowMs: nowMs), .warn)
        }
        return ("open", .error)
    }

    /// The kind as words: `consecutive failures`.
    static func kindName(_ kind: AlertKind) -> String { kind.rawValue.replacingOccurrences(of: "_", with: " ") }
}
