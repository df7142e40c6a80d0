/// A pane: its box with the title, row count and filter, and its table inside.
enum PaneView {
    static func draw(_ pane: Pane, model: DashboardModel, in rect: Rect, focused: Bool, into buffer: inout Buffer) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        let indices = model.rowIndices(pane)
        let state = model[pane]
        // A paged pane counts its whole table; the others the rows they hold.
        let total = model.snapshot.map { $0.place(pane)?.total ?? $0.rowCount(pane) } ?? 0
        let count = model.listCount(pane, indices: indices)
        let offset = model.windowOffset(pane)
        var title = "\(pane.number) \(pane.title)"
        title += count == total ? " (\(Format.count(total)))" : " (\(Format.count(count)) of \(Format.count(total)))"
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
        } else if indices.isEmpty && total > 0 {
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
