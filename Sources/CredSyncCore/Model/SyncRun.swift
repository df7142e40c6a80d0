/// One attempt to sync a platform: the sync log's row.
public struct SyncRun: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        case running, succeeded, partial, failed, cancelled
    }

    public var id: Int64
    public var platformId: Int64
    public var platformName: String
    public var jobId: Int64?
    public var trigger: JobTrigger
    public var status: Status
    public var startedAtMs: Int64
    public var finishedAtMs: Int64?
    public var durationMs: Int64?
    public var pages: Int
    public var fetched: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var matched: Int
    public var pending: Int
    public var invalid: Int
    public var error: String?
    public var invalidReasons: [String]
    public var cursorBefore: String?
    public var cursorAfter: String?
}

extension SyncRun.Status {
    /// Whether a run that ended so completed: every page was read and committed. A `partial` run completed too; it
    /// only skipped items it could not read (counted as `invalid`).
    ///
    /// The one definition of "the last successful sync": the scheduler's due rule, `platforms.last_success_at` and the
    /// "next due" that `platforms list`, `platforms show` and the dashboard display all count these runs.
    public var isCompleted: Bool {
        switch self {
        case .succeeded, .partial: true
        case .running, .failed, .cancelled: false
        }
    }

    /// The completed statuses as an SQL list for `status IN …`: `('succeeded', 'partial')`.
    public static var completedSQLList: String {
        "(" + allCases.filter(\.isCompleted).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }
}
