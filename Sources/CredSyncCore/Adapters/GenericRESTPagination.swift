/// How a `generic_rest` platform pages (`config.pagination`), and what its cursor means.
public enum GenericRESTPagination: Sendable, Equatable {
    /// `?page=N`, from `startPage`; the cursor is the next page number. Ends at an empty page.
    case page(pageParam: String, sizeParam: String?, startPage: Int)
    /// `?offset=O`; the cursor is the next offset (this one plus the items received). Ends at an empty page.
    case offset(offsetParam: String, sizeParam: String?)
    /// `?cursor=C`, C read from the body at `nextCursorPath`; ends when it is null, empty or missing.
    case cursor(cursorParam: String, sizeParam: String?, nextCursorPath: String)
    /// The next page's URL from the `Link` header's `rel="next"`, or from the body at `nextLinkPath` when set; the
    /// cursor is that URL.
    case link(sizeParam: String?, nextLinkPath: String?)

    public enum Style: String, Sendable, CaseIterable {
        case page, offset, cursor, link
    }

    /// Keys `config.pagination` may hold, and which styles use each.
    static let keysByStyle: [String: Set<Style>] = [
        "style": Set(Style.allCases), "sizeParam": Set(Style.allCases), "pageParam": [.page], "startPage": [.page],
        "offsetParam": [.offset], "cursorParam": [.cursor], "nextCursorPath": [.cursor], "nextLinkPath": [.link],
    ]

    /// Reads `config.pagination`. `sizeParam` defaults to `page_size` ("" sends no size); `pageParam` to `page`,
    /// `startPage` to 1, `offsetParam` to `offset`, `cursorParam` to `cursor`; `nextCursorPath` is required for the
    /// cursor style, as a wrong guess would end every sync after one page.
    public init(config: AdapterConfigReader) throws(AdapterConfigError) {
        guard let pagination = try config.nested("pagination") else {
            throw config.error(
                "pagination", "is required: {\"style\": \"page\" | \"offset\" | \"cursor\" | \"link\", …}")
        }
        guard let style = try pagination.choice("style", of: Style.self) else {
            throw pagination.error("style", "is required: one of \"page\", \"offset\", \"cursor\", \"link\"")
        }
        try pagination.rejectUnknownKeys(Set(Self.keysByStyle.keys))
        for key in pagination.object.keys where !(Self.keysByStyle[key]?.contains(style) ?? false) {
            throw pagination.error(key, "does not apply to the \(style.rawValue) style")
        }
        let size = try pagination.string("sizeParam", allowEmpty: true) ?? "page_size"
        let sizeParam = size.isEmpty ? nil : size
        switch style {
        case .page:
            self = .page(
                pageParam: try pagination.string("pageParam") ?? "page", sizeParam: sizeParam,
                startPage: try pagination.int("startPage", in: 0...1) ?? 1)
        case .offset:
            self = .offset(offsetParam: try pagination.string("offsetParam") ?? "offset", sizeParam: sizeParam)
        case .cursor:
            guard let path = try pagination.string("nextCursorPath") else {
                throw pagination.error("nextCursorPath", "is required for the cursor style (e.g. \"meta.next\")")
            }
            self = .cursor(
                cursorParam: try pagination.string("cursorParam") ?? "cursor", sizeParam: sizeParam,
                nextCursorPath: path)
        case .link:
            self = .link(sizeParam: sizeParam, nextLinkPath: try pagination.string("nextLinkPath"))
        }
    }

    var sizeParam: String? {
        switch self {
        case .page(_, let sizeParam, _), .offset(_, let sizeParam), .cursor(_, let sizeParam, _),
            .link(let sizeParam, _):
            sizeParam
        }
    }
}
