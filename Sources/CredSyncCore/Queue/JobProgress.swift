/// How far a running job has got.
public struct JobProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int?
    public var checkpoint: String?
}
