/// The tab bar of the small layout: every pane's number and name, the focused one highlighted.
enum TabBarView {
    static func draw(_ model: DashboardModel, in rect: Rect, into buffer: inout Buffer) {
        var x = rect.x + 1
        for pane in Pane.allCases {
            let label = " \(pane.number) \(pane.title) "
            let focused = pane == model.focus
            let badge = badgeCount(pane, model: model)
            let text = badge > 0 ? label.dropLast() + "·\(badge) " : Substring(label)
            x +=
                buffer.write(
                    String(text), x: x, y: rect.y, role: focused ? .focus : .dim, maxWidth: rect.maxX - x,
                    bold: focused, reverse: focused) + 1
        }
    }

    /// What needs attention behind a tab: active jobs, failed runs on top, pending credentials.
    static func badgeCount(_ pane: Pane, model: DashboardModel) -> Int {
        guard let snapshot = model.snapshot else { return 0 }
        switch pane {
        case .queue: return snapshot.jobs.filter { $0.job.state == .active }.count
        case .pending: return snapshot.pendingTotal
        default: return 0
        }
    }
}
