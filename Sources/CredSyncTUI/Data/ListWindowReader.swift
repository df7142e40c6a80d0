import CredSyncCore
import Foundation

/// Reads one paged pane's window through its store's keyset queries and remembers the last one: while the rows are
/// unchanged (the same `generation`) the same request is answered from memory; while the list holds the same rows
/// in the same order (the same `countGeneration`, though their contents may have changed) a filter's match count
/// is counted once and a window keyed on a row of the previous window takes its start from that window instead of
/// counting the rows before it (a count over a million rows takes 0.05–1 s). A filtered read stands for
/// `filteredReuseMs` even while rows change (a sync adding rows), so a search over every row is not repeated at each
/// of the sync's commits. Used from the data source's one read thread.
final class ListWindowReader<Key: KeysetKey, Row> {
    /// A window as read: its rows, where they start among the matches, how many match.
    struct Loaded {
        var rows: [Row]
        var offset: Int
        var matches: Int
    }

    /// The store's queries for one read, with the request's filter applied.
    struct Queries {
        var rows: (KeysetWindow<Key>) throws -> [Row]
        /// How many rows match the filter.
        var count: () throws -> Int
        /// How many matching rows come before the one with this key.
        var position: (Key) throws -> Int
    }

    private struct Read {
        var generation: Int64
        var countGeneration: Int64
        var readAtMs: Int64
        var request: ListWindowRequest<Key>
        var loaded: Loaded
    }

    private let key: (Row) -> Key
    private let filteredReuseMs: Int64
    private var last: Read?
    private var matchCounts: [String: (count: Int, countGeneration: Int64, readAtMs: Int64)] = [:]
    /// The last answer was a filtered read older than the rows: it is read again once old enough, even if nothing
    /// changes after it.
    private(set) var answeredStale = false

    init(key: @escaping (Row) -> Key, filteredReuseMs: Int64) {
        self.key = key
        self.filteredReuseMs = filteredReuseMs
    }

    /// Forgets what was read: the next read is fresh (after this dashboard's own command).
    func forget() {
        last = nil
        matchCounts = [:]
        answeredStale = false
    }

    private func stands(_ generation: Int64, readAtMs: Int64, filter: String, current: Int64, nowMs: Int64) -> Bool {
        generation == current || (!filter.isEmpty && nowMs - readAtMs < filteredReuseMs)
    }

    /// The rows `request` asks for. `countGeneration` (by default `generation`) changes whenever a row may have come,
    /// gone or changed in what a filter reads. `total`: how many rows the list has when it is known without a count
    /// (used for an empty filter). A window keyed on a row that went is read again from the end of the list.
    func read(
        _ request: ListWindowRequest<Key>, generation: Int64, countGeneration: Int64? = nil, total: Int?, nowMs: Int64,
        _ queries: Queries
    ) throws -> Loaded {
        let countGeneration = countGeneration ?? generation
        if let last, last.request == request,
            stands(last.generation, readAtMs: last.readAtMs, filter: request.filter, current: generation, nowMs: nowMs),
            stands(last.countGeneration, readAtMs: last.readAtMs, filter: request.filter, current: countGeneration, nowMs: nowMs)
        {
            answeredStale = last.generation != generation || last.countGeneration != countGeneration
            return last.loaded
        }
        answeredStale = false
        matchCounts = matchCounts.filter {
            stands($0.value.countGeneration, readAtMs: $0.value.readAtMs, filter: $0.key, current: countGeneration, nowMs: nowMs)
        }
        let matches: Int
        if request.filter.trimmingCharacters(in: .whitespaces).isEmpty, let total {
            matches = total
        } else if let known = matchCounts[request.filter] {
            matches = known.count
        } else {
            matches = try queries.count()
            matchCounts[request.filter] = (matches, countGeneration, nowMs)
        }
        var window = request.window
        var rows = try queries.rows(window)
        if rows.isEmpty, window.anchor != .first, window.anchor != .last {
            window.anchor = .last
            rows = try queries.rows(window)
        }
        let offset: Int =
            switch window.anchor {
            case .first: 0
            case .last: max(0, matches - rows.count)
            default:
                try offset(
                    of: window.anchor, rows: rows.count, countGeneration: countGeneration, filter: request.filter,
                    nowMs: nowMs)
                    ?? rows.first.map { try queries.position(key($0)) } ?? 0
            }
        let loaded = Loaded(rows: rows, offset: offset, matches: max(matches, offset + rows.count))
        last = Read(
            generation: generation, countGeneration: countGeneration, readAtMs: nowMs, request: request, loaded: loaded)
        return loaded
    }

    /// Where a window keyed on a row of the previous window starts, from that window's start, while the list holds
    /// the same rows.
    private func offset(
        of anchor: KeysetWindow<Key>.Anchor, rows: Int, countGeneration: Int64, filter: String, nowMs: Int64
    ) -> Int? {
        guard let last, last.request.filter == filter,
            stands(last.countGeneration, readAtMs: last.readAtMs, filter: filter, current: countGeneration, nowMs: nowMs)
        else { return nil }
        let loaded = last.loaded
        func local(_ wanted: Key) -> Int? { loaded.rows.firstIndex { key($0) == wanted } }
        switch anchor {
        case .from(let key): return local(key).map { loaded.offset + $0 }
        case .after(let key, let skip): return local(key).map { loaded.offset + $0 + 1 + skip }
        case .before(let key, let skip): return local(key).map { max(0, loaded.offset + $0 - skip - rows) }
        case .first, .last: return nil
        }
    }
}
