/// Speaks one platform API's wire contract (SPEC §11): fetches one page at a time and turns its items into
/// `CredentialItem`s. Authentication, retries, pacing and the 401-refresh are the `PlatformHTTP` session's job,
/// so an adapter only builds requests and parses responses.
///
/// `fetchPage` runs on a worker thread and may block.
public protocol PlatformAdapter: Sendable {
    func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage
}

/// The HTTP an adapter sees: requests go out authenticated, paced and retried per the platform's settings.
public protocol PlatformHTTP {
    /// Sends a GET; `url` may carry a query already (a `Link` or `next_page_url`), `query` is appended.
    func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws -> HTTPClientResponse
}
