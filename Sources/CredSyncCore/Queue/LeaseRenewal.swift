/// What renewing an active job's lease found.
public enum LeaseRenewal: Sendable, Equatable {
    case renewed(cancelRequested: Bool)
    /// The job is no longer active under this holder (it was recovered as stalled, or cancelled and finished).
    case lost
}
