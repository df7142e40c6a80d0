/// One page of a platform's credentials, as an adapter parsed it.
public struct FetchedPage: Sendable, Equatable {
    public var items: [ParsedItem]
    /// Where the next page starts; nil when this was the last page.
    public var nextCursor: String?
    /// The platform's total, when it says (for progress bars).
    public var totalCount: Int?

    public init(items: [ParsedItem], nextCursor: String?, totalCount: Int? = nil) {
        self.items = items
        self.nextCursor = nextCursor
        self.totalCount = totalCount
    }
}

/// One item of a page: a credential, or the reason it cannot be one (counted as invalid; never aborts the page).
public enum ParsedItem: Sendable, Equatable {
    case credential(CredentialItem)
    case invalid(externalId: String?, reason: String)
}
