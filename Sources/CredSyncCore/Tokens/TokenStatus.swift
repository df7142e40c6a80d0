/// A platform's token at a glance, without opening any secret: for `credsync tokens`, the dashboard's Tokens pane
/// and the refresh job's plan.
public struct TokenStatus: Sendable, Equatable {
    public var platformId: Int64
    public var platformName: String
    public var authType: AuthType
    public var isActive: Bool
    public var statusReason: String?
    /// A token is stored (a bearer platform: its secret is).
    public var hasToken: Bool
    /// When the token expires: the stored token's expiry, else `config.tokenExpiresAt`; nil when unknown or never.
    public var expiresAtMs: Int64?
    /// The last successful refresh.
    public var refreshedAtMs: Int64?
    /// Why the last refresh failed; nil after a success.
    public var lastError: String?
    /// The last refresh attempt, successful or not.
    public var lastAttemptAtMs: Int64?

    /// The token's condition, most urgent first.
    public enum State: String, Sendable, CaseIterable {
        /// The last refresh failed.
        case failed
        case expired
        /// It expires within the refresh window and nothing renews it by itself: a static bearer token, or a
        /// platform that is inactive and so is skipped by the refresh job.
        case expiring
        /// No token yet: the first sync or refresh gets one.
        case missing
        /// It lasts beyond the window, never expires as far as credsync knows, or will be renewed automatically
        /// before it expires (an issued token of an active platform: the refresh job and each sync renew it).
        case ok
    }

    public func state(nowMs: Int64, windowMs: Int64) -> State {
        if lastError != nil { return .failed }
        guard hasToken || expiresAtMs != nil else { return .missing }
        guard let expiresAtMs else { return .ok }
        if expiresAtMs <= nowMs { return .expired }
        guard expiresAtMs - windowMs <= nowMs else { return .ok }
        return refreshesAutomatically ? .ok : .expiring
    }

    /// credsync renews this token by itself before it expires: its auth type has a refresh path and the platform
    /// is active, so the token refresh job and the refresh before each sync reach it.
    public var refreshesAutomatically: Bool { authType.canRefresh && isActive }

    /// Every platform whose auth type has an expiring token, by name.
    public static func all(db: Connection) throws -> [TokenStatus] {
        try PlatformStore(db: db, clock: SystemClock()).all().filter(\.definition.authType.hasExpiringToken).map {
            platform in
            let row = try db.first(
                """
                SELECT access_token_encrypted IS NOT NULL, expires_at, refreshed_at, last_error, updated_at
                FROM platform_tokens WHERE platform_id = ?
                """, [platform.id]
            ) {
                (
                    stored: $0.bool(0), expires: $0.optionalInt64(1), refreshed: $0.optionalInt64(2),
                    error: $0.optionalText(3), updated: $0.int64(4)
                )
            }
            let definition = platform.definition
            let stored = row?.stored ?? false
            return TokenStatus(
                platformId: platform.id, platformName: platform.name, authType: definition.authType,
                isActive: platform.isActive, statusReason: platform.statusReason,
                hasToken: definition.authType == .bearer ? platform.hasSecrets : stored,
                expiresAtMs: stored ? row?.expires : (try? definition.settings())?.tokenExpiresAtMs,
                refreshedAtMs: row?.refreshed, lastError: row?.error, lastAttemptAtMs: row?.updated)
        }
    }
}
