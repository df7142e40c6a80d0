/// The tab bar of the small layout: every pane's number and name, the focused one highlighted.
enum TabBarView {
    static func draw(_ model: DashboardModel, in rect: Rect, into buffer: inout Buffer) {
        var x = rect.x + 1
        var labels = Pane.allCases.map { label($0, model: model, titled: true) }
        // Too narrow for every name: the other tabs keep their number and count, the focused one its name too.
        if labels.map(DisplayWidth.of).reduce(0, +) + labels.count > rect.width - 1 {
            labels = Pane.allCases.map { label($0, model: model, titled: $0 == model.focus) }
        }
        for (pane, text) in zip(Pane.allCases, labels) {
            let focused = pane == model.focus
            x +=
                buffer.write(
                    text, x: x, y: rect.y, role: focused ? .focus : .dim, maxWidth: rect.maxX - x,
                    bold: focused, reverse: focused) + 1
        }
    }

    /// ` 4 Pending·14,146 `, or ` 4·14,146 ` without the name.
    static func label(_ pane: Pane, model: DashboardModel, titled: Bool) -> String {
        let badge = badgeCount(pane, model: model)
        return " \(pane.number)\(titled ? " " + pane.title : "")\(badge > 0 ? "·" + Format.count(badge) : "") "
    }

    /// What needs attention behind a tab: active jobs, failed runs on top, pending credentials.
    static func badgeCount(_ pane: Pane, model: DashboardModel) -> Int {
        guard let snapshot = model.snapshot else { return 0 }
        switch pane {
        case .queue: return snapshot.activeJobCount
        case .pending: return snapshot.pendingTotal
        default: return 0
        }
    }
}
