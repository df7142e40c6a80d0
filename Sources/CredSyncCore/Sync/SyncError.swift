/// Why a sync attempt stopped, and whether retrying the job can help.
public enum SyncError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A request kept failing after its retries (5xx, timeouts, broken transfers): the job retries with backoff.
    case gaveUp(String)
    /// The platform asked to wait longer than a worker should sleep: the job is delayed by `afterMs`.
    case retryLater(afterMs: Int64, reason: String)
    /// The platform refused the credentials even after a token refresh: retrying cannot help.
    case unauthorized(String)
    /// A status the sync cannot go on from (404, 400…): retrying cannot help.
    case rejected(String)
    /// A page the adapter could not read (invalid JSON, truncated): the job retries.
    case invalidPage(String)
    /// The platform repeated a cursor or exceeded maxPages: stops the run instead of looping forever.
    case paginationLoop(String)
    /// The platform's configuration or secrets are unusable: fix them and enable the platform again.
    case configuration(String)

    public var description: String {
        switch self {
        case .gaveUp(let reason), .unauthorized(let reason), .rejected(let reason), .invalidPage(let reason),
            .paginationLoop(let reason), .configuration(let reason):
            reason
        case .retryLater(let afterMs, let reason): "\(reason); retrying in \(Timestamp.duration(afterMs))"
        }
    }

    /// The job outcome this error leads to.
    public var outcome: JobOutcome {
        switch self {
        case .gaveUp(let reason), .invalidPage(let reason): .retry(afterMs: nil, error: reason)
        case .retryLater(let afterMs, _): .retry(afterMs: afterMs, error: description)
        case .unauthorized, .rejected, .paginationLoop, .configuration: .failed(error: description)
        }
    }
}
