import CredSyncCore

extension DashboardModel {
    /// Each paged pane's window where its view is, and the sync log's newest seen run (for the "n new" count).
    mutating func updateWindows() {
        let snapshot = self.snapshot
        windows.pending = wantedWindow(.pending, current: windows.pending, keys: snapshot?.pending.map(\.id) ?? [])
        windows.logs = wantedWindow(.logs, current: windows.logs, keys: snapshot?.runs.map(\.key) ?? [])
        windows.queue = wantedWindow(.queue, current: windows.queue, keys: snapshot?.jobs.map(\.key) ?? [])
        let seen = self[.logs].newestSeenKey
        if let seen, let run = snapshot?.runs.first(where: { $0.id == seen }) {
            windows.newestSeenRun = run.key
        } else if windows.newestSeenRun?.id != seen {
            windows.newestSeenRun = nil
        }
    }

    /// The window of `pane` that covers the rows on screen with a screenful either side: the one asked for while
    /// the loaded rows (`keys`, in list order) still cover the view, else one keyed on the nearest loaded row, so
    /// no read counts rows from the start of the list.
    func wantedWindow<Key>(_ pane: Pane, current: ListWindowRequest<Key>, keys: [Key]) -> ListWindowRequest<Key> {
        let state = self[pane]
        let visible = layout.listRows(for: pane)
        let margin = max(visible, 10)
        let size = visible + 2 * margin
        guard let place = currentPlace(pane), current.filter == state.filter else {
            return ListWindowRequest(window: KeysetWindow(anchor: .first, size: size), filter: state.filter)
        }
        let (offset, count) = (place.offset, place.matches)
        let view = state.scroll..<max(state.scroll, min(state.scroll + visible, count))
        let loaded = offset..<(offset + keys.count)
        if Self.covers(loaded, view), current.window.size >= size,
            let asked = Self.rows(current.window, offset: offset, count: count, keys: keys), Self.covers(asked, view)
        {
            return current
        }
        let start = max(0, state.scroll - margin)
        let anchor: KeysetWindow<Key>.Anchor
        if start + size >= count {
            anchor = .last
        } else if start == 0 || keys.isEmpty {
            anchor = .first
        } else if start >= offset + keys.count {
            anchor = .after(keys[keys.count - 1], skip: start - offset - keys.count)
        } else if start >= offset {
            anchor = .from(keys[start - offset])
        } else {
            let end = start + size - offset
            anchor = end <= 0 ? .before(keys[0], skip: -end) : .before(keys[min(end, keys.count - 1)], skip: 0)
        }
        return ListWindowRequest(window: KeysetWindow(anchor: anchor, size: size), filter: state.filter)
    }

    static func covers(_ rows: Range<Int>, _ view: Range<Int>) -> Bool {
        rows.lowerBound <= view.lowerBound && view.upperBound <= rows.upperBound
    }

    /// The rows of the list `window` covers, reckoned from the loaded rows (`keys`, from `offset` of `count`); nil
    /// when it is keyed on a row that is not loaded.
    static func rows<Key>(_ window: KeysetWindow<Key>, offset: Int, count: Int, keys: [Key]) -> Range<Int>? {
        func position(_ key: Key) -> Int? { keys.firstIndex(of: key).map { offset + $0 } }
        let start: Int
        switch window.anchor {
        case .first: start = 0
        case .last: start = max(0, count - window.size)
        case .from(let key): guard let at = position(key) else { return nil }; start = at
        case .after(let key, let skip): guard let at = position(key) else { return nil }; start = at + 1 + skip
        case .before(let key, let skip):
            guard let at = position(key) else { return nil }; start = max(0, at - skip - window.size)
        }
        return start..<min(count, start + window.size)
    }
}
