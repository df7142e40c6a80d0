/// `scheduler status`: the scheduler as the engine that holds the database runs it (its published status), or as
/// this process's settings would run it when no engine is running.
public struct SchedulerReport: Sendable, Equatable {
    public var scheduler: SchedulerStatus
    /// The running engine; nil when none holds the lease.
    public var engine: EngineStatus?
}
