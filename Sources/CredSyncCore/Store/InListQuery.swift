/// A query that looks up many text values at once with `… IN (?, ?, …)`, for batches of thousands.
///
/// The values go in chunks of at most 500 parameters (far below Debian's `SQLITE_MAX_VARIABLE_NUMBER` of 32766, and
/// small enough that one chunk's statement stays cheap to prepare). Each chunk's list is padded with NULLs — which
/// match nothing — to one of a few fixed lengths, so a handful of cached statements serve every batch size.
struct InListQuery {
    /// The list lengths statements are prepared for; the last is the largest chunk.
    static let listLengths = [8, 32, 128, 500]

    let db: Connection
    /// The SQL before the list, ending in `IN (`; it may take parameters of its own, bound by `leading`.
    let head: String
    /// The SQL after the list's `?`s, starting with `)`.
    let tail: String

    /// Calls `each` with every row the query finds for `values` (duplicates allowed), chunk by chunk.
    func forEach(
        _ values: some Collection<String>, leading: (inout Statement.Bindings) throws -> Void = { _ in },
        _ each: (Row) throws -> Void
    ) throws {
        var rest = values[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(Self.listLengths.last!)
            rest = rest.dropFirst(chunk.count)
            let length = Self.listLengths.first { $0 >= chunk.count }!
            let statement = try db.cached(head + Self.placeholders(length) + tail)
            try statement.forEach(
                binding: { bindings in
                    try leading(&bindings)
                    for value in chunk { try bindings.bind(value) }
                    for _ in chunk.count..<length { try bindings.bindNull() }
                }, each)
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
