/// What a cancel request did.
public enum CancelResult: Sendable, Equatable {
    /// A waiting or delayed job was cancelled at once.
    case cancelled
    /// An active job was asked to stop at its next page boundary.
    case requested
    case alreadyFinished(JobState)
    case notFound
}
