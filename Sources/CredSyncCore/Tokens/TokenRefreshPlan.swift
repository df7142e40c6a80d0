/// What the token refresh job does with one platform's token (SPEC §4, §6). Pure.
public enum TokenRefreshPlan: Sendable, Equatable {
    /// Renew it now: none yet, expiry unknown, or it expires within the window.
    case refresh
    /// It expires within the window and only the operator can renew it (a static bearer token).
    case expiringWithoutRefresh(expiresAtMs: Int64)
    /// Nothing to do: it lasts beyond the window, or never expires, or the auth type has no token.
    case fine

    /// The plan for a platform with `authType` whose token expires at `expiresAtMs` (nil: unknown or never),
    /// `hasToken` telling whether one is stored, at `nowMs` with a refresh window of `windowMs`.
    public static func decide(
        authType: AuthType, hasToken: Bool, expiresAtMs: Int64?, nowMs: Int64, windowMs: Int64
    ) -> TokenRefreshPlan {
        let withinWindow = expiresAtMs.map { $0 - windowMs <= nowMs } ?? false
        if authType.canRefresh {
            return !hasToken || expiresAtMs == nil || withinWindow ? .refresh : .fine
        }
        if authType == .bearer, let expiresAtMs, withinWindow {
            return .expiringWithoutRefresh(expiresAtMs: expiresAtMs)
        }
        return .fine
    }
}
