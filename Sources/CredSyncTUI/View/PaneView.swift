/// A pane: its box with the title, row count and filter, and its table inside.
enum PaneView {
    static func draw(_ pane: Pane, model: DashboardModel, in rect: Rect, focused: Bool, into buffer: inout Buffer) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        let indices = model.rowIndices(pane)
        let state = model[pane]
        let total = model.snapshot?.rowCount(pane) ?? 0
        let count = model.listCount(pane, indices: indices)
        let offset = model.windowOffset(pane)
        var title = "\(pane.number) \(pane.title)"
        if pane == .pending, let snapshot = model.snapshot {
            title +=
                count == snapshot.pendingTotal
                ? " (\(Format.count(count)))" : " (\(Format.count(count)) of \(Format.count(snapshot.pendingTotal)))"
        } else {
            title +=
                indices.count == total
                ? " (\(Format.count(total)))" : " (\(Format.count(indices.count)) of \(Format.count(total)))"
        }
        if !state.filter.isEmpty { title += " /\(state.filter)" }
        if pane == .logs, model.newLogRuns > 0 { title += " · \(Format.count(model.newLogRuns)) new ↑ (g)" }
        buffer.box(rect, title: title, role: focused ? .focus : .border, titleRole: focused ? .focus : .title)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        var table = makeTable(pane, model: model, indices: indices)
        table.selected = state.selected - offset
        table.scroll = state.scroll - offset
        table.focused = focused
        if model.snapshot == nil {
            table.emptyMessage = "loading…"
        } else if count > 0 && (table.scroll < 0 || table.scroll >= max(1, indices.count)) {
            // The window for this part of the list is being read.
            table.rows = []
            table.scroll = 0
            table.emptyMessage = "loading…"
        } else if indices.isEmpty && (pane == .pending ? model.snapshot!.pendingTotal : total) > 0 {
            table.emptyMessage = "no match for /\(state.filter) (esc clears)"
        }
        table.draw(in: inner, into: &buffer)
        let visible = inner.height - 1
        if count > visible, rect.width > 16 {
            let position = " \(Format.count(state.selected + 1))/\(Format.count(count)) "
            buffer.writeRight(
                position, x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 3, role: focused ? .focus : .border)
        }
    }

    static func makeTable(_ pane: Pane, model: DashboardModel, indices: [Int]) -> Table {
        switch pane {
        case .platforms: PlatformsTable.make(model, indices: indices)
        case .queue: QueueTable.make(model, indices: indices)
        case .logs: LogsTable.make(model, indices: indices)
        case .pending: PendingTable.make(model, indices: indices)
        case .tokens: TokensTable.make(model, indices: indices)
        }
    }
}
