/// Cursors that are page numbers or offsets written as decimal text.
enum PageNumberCursor {
    /// The page (or offset) a cursor names; `first` for nil. A cursor that is not a whole number ≥ `first` throws.
    static func page(from cursor: String?, first: Int) throws(AdapterError) -> Int {
        guard let cursor else { return first }
        guard let page = Int(cursor), page >= first else {
            throw .invalidCursor(cursor: cursor, expected: first == 0 ? "an offset" : "a page number")
        }
        return page
    }
}
