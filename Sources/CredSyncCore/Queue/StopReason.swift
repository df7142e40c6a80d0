/// Why a running job is asked to stop at its next page boundary.
public enum StopReason: Sendable, Equatable {
    /// The operator cancelled the job: it ends `cancelled`.
    case cancelRequested
    /// The engine is shutting down: the job goes back to waiting and resumes from its checkpoint.
    case shutdown
    /// The lease was lost: another engine owns the job now; nothing more may be committed.
    case leaseLost
}
