/// Where a job is in its life.
public enum JobState: String, CaseIterable, Sendable {
    case waiting, delayed, active, completed, failed, cancelled

    public var isFinished: Bool {
        switch self {
        case .waiting, .delayed, .active: false
        case .completed, .failed, .cancelled: true
        }
    }
}
