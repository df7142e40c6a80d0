/// How one attempt of a job ended; the queue decides the job's next state from it alone.
public enum JobOutcome: Sendable, Equatable {
    /// The work is done.
    case succeeded
    /// The attempt failed but may work later: retried after `afterMs` (or the backoff schedule) while attempts remain.
    case retry(afterMs: Int64?, error: String)
    /// The attempt failed in a way retrying cannot fix: the job fails now.
    case failed(error: String)
    /// The job stopped because it was asked to; what it committed stays.
    case cancelled
}
