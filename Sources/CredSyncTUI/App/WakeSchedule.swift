import CredSyncCore

/// When the UI thread must next wake by itself: the first whole second at which some text on screen changes as the
/// clock runs (a countdown, an elapsed time, an age — `ShownTime`), every second while a detail view is open, at
/// the next whole minute at the latest, and never later than a flash's expiry. Keys and mailbox messages wake it
/// earlier. Pure: the clock is an argument.
enum WakeSchedule {
    /// Times shown relative to the clock on the header and the panes visible in `model`.
    static func shownTimes(_ model: DashboardModel) -> [Int64] {
        guard let snapshot = model.snapshot else { return [] }
        let layout = model.layout
        let visible: [Pane] = layout.tabBar != nil ? [model.focus] : Pane.allCases.filter { layout.panes[$0] != nil }
        return ShownTime.header(snapshot)
            + visible.flatMap { ShownTime.pane($0, snapshot, tokenWindowMs: model.tokenWindowMs) }
    }

    /// Whether anything on screen shows a number of seconds that changes as the clock runs.
    static func showsSeconds(_ model: DashboardModel, nowMs: Int64) -> Bool {
        showsDetail(model) || shownTimes(model).contains { abs(nowMs - $0) < 3_600_000 }
    }

    /// A detail view lists timestamps of its own, each with its age.
    static func showsDetail(_ model: DashboardModel) -> Bool {
        model.overlays.contains { if case .detail = $0 { true } else { false } }
    }

    /// Milliseconds from `nowMs` until the UI thread must wake by itself (at least 1).
    static func timeoutMs(_ model: DashboardModel, nowMs: Int64) -> Int {
        var wake = (nowMs / 60_000 + 1) * 60_000
        if showsDetail(model) {
            wake = (nowMs / 1_000 + 1) * 1_000
        } else if let change = ShownTime.nextChange(of: shownTimes(model), nowMs: nowMs) {
            // The screen's clock moves by whole seconds: the change shows at the first whole second after it.
            wake = min(wake, (change + 999) / 1_000 * 1_000)
        }
        if let flash = model.flash { wake = min(wake, max(nowMs + 1, flash.expiresAtMs)) }
        return Int(max(1, wake - nowMs))
    }
}
