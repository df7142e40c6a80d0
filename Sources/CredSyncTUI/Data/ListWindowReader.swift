import CredSyncCore
import Foundation

/// Reads one paged pane's window through its store's keyset queries and remembers the last one: while the rows are
/// unchanged (the same `generation`) the same request is answered from memory; while the list holds the same rows
/// in the same order (the same `countGeneration`, though their contents may have changed) a filter's match count
/// is counted once and a window keyed on a row of the previous window takes its start from that window instead of
/// counting the rows before it (a count over a million rows takes 0.05–1 s). Used from the data source's one read
/// thread.
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

    private let key: (Row) -> Key
    private var last: (generation: Int64, countGeneration: Int64, request: ListWindowRequest<Key>, loaded: Loaded)?
    private var matchCounts: (generation: Int64, byFilter: [String: Int]) = (-1, [:])

    init(key: @escaping (Row) -> Key) {
        self.key = key
    }

    /// The rows `request` asks for. `countGeneration` (by default `generation`) changes whenever a row may have come,
    /// gone or changed in what a filter reads. `total`: how many rows the list has when it is known without a count
    /// (used for an empty filter). A window keyed on a row that went is read again from the end of the list.
    func read(
        _ request: ListWindowRequest<Key>, generation: Int64, countGeneration: Int64? = nil, total: Int?,
        _ queries: Queries
    ) throws -> Loaded {
        let countGeneration = countGeneration ?? generation
        if let last, last.generation == generation, last.countGeneration == countGeneration, last.request == request {
            return last.loaded
        }
        if matchCounts.generation != countGeneration { matchCounts = (countGeneration, [:]) }
        let matches: Int
        if request.filter.trimmingCharacters(in: .whitespaces).isEmpty, let total {
            matches = total
        } else if let known = matchCounts.byFilter[request.filter] {
            matches = known
        } else {
            matches = try queries.count()
            matchCounts.byFilter[request.filter] = matches
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
                    of: window.anchor, rows: rows.count, countGeneration: countGeneration, filter: request.filter)
                    ?? rows.first.map { try queries.position(key($0)) } ?? 0
            }
        let loaded = Loaded(rows: rows, offset: offset, matches: max(matches, offset + rows.count))
        last = (generation, countGeneration, request, loaded)
        return loaded
    }

    /// Where a window keyed on a row of the previous window starts, from that window's start, while the list holds
    /// the same rows.
    private func offset(of anchor: KeysetWindow<Key>.Anchor, rows: Int, countGeneration: Int64, filter: String) -> Int?
    {
        guard let last, last.countGeneration == countGeneration, last.request.filter == filter else { return nil }
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
