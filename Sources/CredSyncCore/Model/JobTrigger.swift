/// Why a job was enqueued.
public enum JobTrigger: String, CaseIterable, Sendable {
    case schedule
    case manual
    case retry
    case startupCatchUp = "startup-catch-up"
}
