import CredSyncTestSupport
import Testing

@testable import CredSyncCore

/// The alerts view's query and the claim dialog's identity check.
@Suite struct AlertsViewQueryTests {
    @Test func openAlertsComeFirstThenThoseResolvedInTheWindow() throws {
        let fixture = try TestDatabase()
        let platformId = try fixture.insertPlatform(name: "acme")
        let alerts = AlertStore(db: fixture.db, clock: fixture.clock)
        try alerts.raise(.longRun, platformId: platformId, message: "old run")
        try alerts.resolve(.longRun, platformId: platformId)
        fixture.clock.advance(byMs: 10 * 86_400_000)
        try alerts.raise(.tokenExpiring, platformId: platformId, message: "expiring")
        fixture.clock.advance(byMs: 1_000)
        try alerts.raise(.consecutiveFailures, platformId: platformId, message: "failing")
        try alerts.raise(.unmatchedRatio, platformId: nil, message: "unmatched")
        fixture.clock.advance(byMs: 1_000)
        try alerts.resolve(.unmatchedRatio, platformId: nil)
        let recent = try alerts.recent(resolvedSinceMs: fixture.clock.nowMs - 7 * 86_400_000)
        #expect(recent.map(\.message) == ["failing", "expiring", "unmatched"])
        #expect(recent[0].platformName == "acme")
        #expect(recent[2].resolvedAtMs == fixture.clock.nowMs)
    }

    @Test func identityAgreesOnANormalisedEmailOrPhoneOnly() {
        let credential = Credential(
            id: 1, platformId: 1, platformName: "acme", externalId: "E-1", learnerIdentifier: nil,
            identifierType: nil, learnerEmail: " Priya.Banerjee@Example.in ", learnerPhone: "098123 45678",
            learnerName: "Priya Banerjee", title: nil, issuedAtMs: nil, expiresAtMs: nil, url: nil, status: .pending,
            userId: nil, matchedBy: nil, matchNote: nil, createdAtMs: 0, updatedAtMs: 0)
        func user(_ email: String?, _ phone: String?) -> User {
            User(id: 2, externalRef: nil, name: "Aarav Banerjee", email: email, phone: phone, createdAtMs: 0)
        }
        let india = PhoneNormalizer(defaultCountryCode: "91")
        let other = IdentityAgreement(
            credential: credential, user: user("aarav@example.in", "+919000000000"), phoneNormalizer: india)
        #expect(!other.agrees)
        let email = IdentityAgreement(
            credential: credential, user: user("priya.banerjee@example.in", nil), phoneNormalizer: india)
        #expect(email.emailAgrees && !email.phoneAgrees && email.agrees)
        let phone = IdentityAgreement(credential: credential, user: user(nil, "+919812345678"), phoneNormalizer: india)
        #expect(phone.phoneAgrees && !phone.emailAgrees && phone.agrees)
    }
}
