/// How one attempt of a job ended; the queue decides the job's next state from it alone.
public enum JobOutcome: Sendable, Equatable {
    /// The work is done.
    case succeeded
    /// The attempt failed but may work later: retried after `afterMs` (or the backoff schedule) while attempts remain.
    case retry(afterMs: Int64?, error: String)
    /// The platform asked not to be called again before `untilMs` (a long `Retry-After`): the job waits until then
    /// with `reason` as its last error, and the attempt is given back — it does not count towards `max_attempts`.
    case delayed(untilMs: Int64, reason: String)
    /// The attempt failed in a way retrying cannot fix: the job fails now.
    case failed(error: String)
    /// The job stopped because it was asked to; what it committed stays.
    case cancelled
}
