import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let now: Int64 = 1_767_225_600_000
private let day: Int64 = 86_400_000
private let window = 7 * day

private func plan(_ authType: AuthType, hasToken: Bool = true, expiresInDays: Int64?) -> TokenRefreshPlan {
    TokenRefreshPlan.decide(
        authType: authType, hasToken: hasToken, expiresAtMs: expiresInDays.map { now + $0 * day }, nowMs: now,
        windowMs: window)
}

// MARK: - Tests

/// What the nightly refresh does with each kind of token, and how `credsync tokens` labels it.
@Suite struct TokenRefreshPlanTests {
    @Test func refreshableTokensAreRenewedInsideTheWindowOrWhenTheirExpiryIsUnknown() {
        for authType in [AuthType.oauth2ClientCredentials, .oauth2RefreshToken, .longLivedToken] {
            #expect(plan(authType, expiresInDays: 8) == .fine)
            #expect(plan(authType, expiresInDays: 7) == .refresh)
            #expect(plan(authType, expiresInDays: -1) == .refresh)
            #expect(plan(authType, expiresInDays: nil) == .refresh)
            #expect(plan(authType, hasToken: false, expiresInDays: 30) == .refresh)
        }
    }

    @Test func aBearerTokenIsOnlyWatchedAndOtherAuthTypesAreLeftAlone() {
        #expect(plan(.bearer, expiresInDays: 3) == .expiringWithoutRefresh(expiresAtMs: now + 3 * day))
        #expect(plan(.bearer, expiresInDays: 30) == .fine)
        #expect(plan(.bearer, expiresInDays: nil) == .fine)
        for authType in [AuthType.none, .apiKey, .basic] {
            #expect(plan(authType, hasToken: false, expiresInDays: nil) == .fine)
        }
    }

    @Test func statesFromFailedToOk() {
        var status = TokenStatus(
            platformId: 1, platformName: "nsqf", authType: .oauth2RefreshToken, isActive: true, statusReason: nil,
            hasToken: true, expiresAtMs: now + 30 * day, refreshedAtMs: now, lastError: nil, lastAttemptAtMs: now)
        #expect(status.state(nowMs: now, windowMs: window) == .ok)
        // Within the window but renewed automatically: still ok, as a 1-hour token refreshed seconds ago.
        status.expiresAtMs = now + 2 * day
        #expect(status.state(nowMs: now, windowMs: window) == .ok)
        status.isActive = false
        #expect(status.state(nowMs: now, windowMs: window) == .expiring)
        status.isActive = true
        status.expiresAtMs = now - 1
        #expect(status.state(nowMs: now, windowMs: window) == .expired)
        status.lastError = "invalid_grant"
        #expect(status.state(nowMs: now, windowMs: window) == .failed)
        status = TokenStatus(
            platformId: 1, platformName: "nsqf", authType: .oauth2ClientCredentials, isActive: true, statusReason: nil,
            hasToken: false, expiresAtMs: nil, refreshedAtMs: nil, lastError: nil, lastAttemptAtMs: nil)
        #expect(status.state(nowMs: now, windowMs: window) == .missing)
    }

    /// The word for a token within the window depends on whether anything renews it before it expires.
    @Test(arguments: [
        (AuthType.oauth2ClientCredentials, true, TokenStatus.State.ok),
        (.oauth2RefreshToken, true, .ok),
        (.longLivedToken, true, .ok),
        (.oauth2ClientCredentials, false, .expiring),
        (.longLivedToken, false, .expiring),
        (.bearer, true, .expiring),
        (.bearer, false, .expiring),
    ])
    func aTokenWithinTheWindowIsExpiringOnlyWhenNothingRenewsIt(
        authType: AuthType, isActive: Bool, expected: TokenStatus.State
    ) {
        let status = TokenStatus(
            platformId: 1, platformName: "p", authType: authType, isActive: isActive, statusReason: nil,
            hasToken: true, expiresAtMs: now + 3_600_000, refreshedAtMs: now - 5_000, lastError: nil,
            lastAttemptAtMs: now - 5_000)
        #expect(status.state(nowMs: now, windowMs: window) == expected)
        #expect(status.state(nowMs: now + 3_600_000, windowMs: window) == .expired)
    }
}
