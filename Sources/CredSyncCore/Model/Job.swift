/// One job in the durable queue, as stored in `jobs`.
public struct Job: Sendable, Equatable {
    public var id: Int64
    public var kind: JobKind
    public var platformId: Int64?
    public var state: JobState
    public var priority: Int
    public var attempts: Int
    public var maxAttempts: Int
    public var stalls: Int
    public var runAt: Int64
    public var lockedBy: String?
    public var lockedUntil: Int64?
    public var cancelRequested: Bool
    public var progressDone: Int
    public var progressTotal: Int?
    public var checkpoint: String?
    public var lastError: String?
    public var trigger: JobTrigger
    public var payload: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?

    public var isFinished: Bool { state.isFinished }
}
