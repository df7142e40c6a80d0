/// How an operator's sync request for one platform ended.
public enum SyncRequestResult: Sendable, Equatable {
    /// A new manual job was queued.
    case queued(platform: String, jobId: Int64)
    /// A job for the platform was already waiting or running; nothing new was queued.
    case alreadyQueued(platform: String, jobId: Int64, state: JobState)
    /// The manual-sync limiter refused: nothing was queued.
    case rateLimited(platform: String, retryAfterMs: Int64)
    /// The platform is disabled.
    case disabled(platform: String, reason: String?)

    public var platform: String {
        switch self {
        case .queued(let platform, _), .alreadyQueued(let platform, _, _), .rateLimited(let platform, _),
            .disabled(let platform, _):
            platform
        }
    }

    public var jobId: Int64? {
        switch self {
        case .queued(_, let id), .alreadyQueued(_, let id, _): id
        case .rateLimited, .disabled: nil
        }
    }

    /// False when nothing is queued for the platform.
    public var isQueued: Bool { jobId != nil }

    /// One line for the operator.
    public var summary: String {
        switch self {
        case .queued(let platform, let id): "queued sync of \(platform) (job \(id))"
        case .alreadyQueued(let platform, let id, let state): "sync of \(platform) already queued (job \(id), \(state.rawValue))"
        case .rateLimited(let platform, let afterMs):
            "sync of \(platform) not queued: \(ManualSyncRefusal(retryAfterMs: afterMs))"
        case .disabled(let platform, let reason):
            "platform '\(platform)' is disabled\(reason.map { " (\($0))" } ?? ""); enable it with "
                + "'credsync platforms enable \(platform)'"
        }
    }
}
