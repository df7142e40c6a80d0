/// Everything that can change the model: the operator's keys and what the outside world reports.
public enum Action: Sendable, Equatable {
    case key(Key)
    /// A fresh snapshot from the data source.
    case snapshot(DashboardSnapshot)
    /// The data source could not produce a snapshot; the last good one stays on screen.
    case snapshotFailed(String)
    /// The data source's answer to a command the model asked for.
    case commandFinished(DashboardCommand, CommandResult)
    case resize(Size)
    /// The wall clock, for flash expiry.
    case tick(nowMs: Int64)
}
