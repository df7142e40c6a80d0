/// Requests a simulated platform has answered, for rate-limit and page-count assertions.
public struct SimulatorCounters: Sendable, Equatable {
    /// Every request under the platform's prefix, faults included.
    public var requests = 0
    /// List requests (pages, file reads) the contract answered with 2xx.
    public var pages = 0
    /// Token requests (nsqf's `/oauth/token`), answered or refused.
    public var tokens = 0

    public init(requests: Int = 0, pages: Int = 0, tokens: Int = 0) {
        self.requests = requests
        self.pages = pages
        self.tokens = tokens
    }
}
