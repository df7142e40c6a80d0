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

/// What a job does; handlers register by kind.
public struct JobKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let sync: JobKind = "sync"
    public static let tokenRefresh: JobKind = "token_refresh"
}

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

/// Why a job was enqueued.
public enum JobTrigger: String, CaseIterable, Sendable {
    case schedule
    case manual
    case retry
    case startupCatchUp = "startup-catch-up"
}
