/// Queue failures a caller must handle.
public enum QueueError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The job is no longer held by this worker; its work must not be committed.
    case leaseLost(jobId: Int64)

    public var description: String {
        switch self {
        case .leaseLost(let jobId):
            "job \(jobId) is no longer held by this worker (its lease expired and it was handed to another)"
        }
    }
}
