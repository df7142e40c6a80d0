/// How far a running job has got.
public struct JobProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int?
    public var checkpoint: String?
    /// Since when the job has been waiting for a platform's answer; nil while no request is out.
    public var awaitingResponseSinceMs: Int64?
}
