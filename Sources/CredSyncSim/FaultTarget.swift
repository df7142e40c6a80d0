/// Which of a simulated platform's requests an injected fault hits.
public enum FaultTarget: Sendable {
    /// List requests: pages and file reads.
    case pages
    /// Token requests (nsqf's `/oauth/token`).
    case token
    /// Any request to the platform.
    case any
}
