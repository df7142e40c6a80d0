/// What one worker slot keeps for its whole life and reuses from job to job: today its HTTP client, one libcurl
/// handle per worker so that connections, TLS sessions and DNS answers are reused.
///
/// Thread-confined, hence not `Sendable`: the worker pool makes one per slot thread and hands it to each
/// `JobContext` that thread runs. A handler may lend it to a thread it starts for the attempt (the sync's prefetch
/// thread borrows the HTTP client) only while the worker thread waits for that thread.
public final class WorkerSlot {
    private var client: HTTPClient?

    public init() {}

    /// The slot's HTTP client, made on first use. A request for other `options` than the current client's replaces
    /// it (a handler configured differently must not inherit another's limits).
    public func httpClient(options: HTTPClient.Options) -> HTTPClient {
        if let client, client.options == options { return client }
        let made = HTTPClient(options: options)
        client = made
        return made
    }
}

@available(*, unavailable)
extension WorkerSlot: Sendable {}
