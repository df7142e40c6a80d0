/// An alert as stored: raised by a rule, resolved when its condition clears.
public struct Alert: Sendable, Equatable {
    public var id: Int64
    public var kind: AlertKind
    public var platformId: Int64?
    public var platformName: String?
    public var message: String
    public var raisedAtMs: Int64
    public var resolvedAtMs: Int64?
    public var acknowledgedAtMs: Int64?
}

/// The alert rules of SPEC §5.
public enum AlertKind: String, CaseIterable, Sendable {
    case consecutiveFailures = "consecutive_failures"
    case longRun = "long_run"
    case unmatchedRatio = "unmatched_ratio"
    case tokenRefreshFailed = "token_refresh_failed"
    case tokenExpiring = "token_expiring"
}
