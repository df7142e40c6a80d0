import CredSyncCore

extension DashboardModel {
    /// The Pending window that covers the rows on screen with a screenful either side: the one asked for while the
    /// loaded rows still cover the view, else one keyed on the nearest loaded row, so no read counts rows from the
    /// start of the list.
    func wantedPendingWindow(visible: Int) -> ListWindowRequest {
        let state = self[.pending]
        let margin = max(visible, 10)
        let size = visible + 2 * margin
        guard let snapshot, pendingWindowIsCurrent, windows.pending.filter == state.filter else {
            return ListWindowRequest(window: KeysetWindow(anchor: .first, size: size), filter: state.filter)
        }
        let rows = snapshot.pending
        let (offset, count) = (snapshot.pendingOffset, snapshot.pendingMatches)
        let viewEnd = min(state.scroll + visible, count)
        if state.scroll >= offset, viewEnd <= offset + rows.count, windows.pending.window.size >= size {
            return windows.pending
        }
        let start = max(0, state.scroll - margin)
        let anchor: KeysetWindow.Anchor
        if start + size >= count {
            anchor = .last
        } else if start == 0 || rows.isEmpty {
            anchor = .first
        } else if start >= offset + rows.count {
            anchor = .after(rows[rows.count - 1].id, skip: start - offset - rows.count)
        } else if start >= offset {
            anchor = .from(rows[start - offset].id)
        } else {
            let end = start + size - offset
            anchor =
                end <= 0
                ? .before(rows[0].id, skip: -end) : .before(rows[min(end, rows.count - 1)].id, skip: 0)
        }
        return ListWindowRequest(window: KeysetWindow(anchor: anchor, size: size), filter: state.filter)
    }
}
