/// What to do with the outcome of one HTTP attempt.
public enum RetryDecision: Sendable, Equatable {
    /// Hand the response to the caller: a success, or a status the caller handles itself (401, 404…).
    case accept
    /// Send the same request again after `afterMs` milliseconds.
    case retry(afterMs: Int64)
    /// The platform asked (429 or 503 with `Retry-After`) to wait `afterMs`, longer than a request may sleep: stop
    /// sending, and let the caller put the whole job off until then.
    case postpone(afterMs: Int64)
    /// Stop retrying; `reason` is one line for the run's log and the job's last error.
    case giveUp(reason: String)
}
