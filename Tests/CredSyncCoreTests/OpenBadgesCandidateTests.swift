import CredSyncTestSupport
import Testing

@testable import CredSyncCore

/// An OB 3.0 credential naming its recipient several ways: two plain emails (the first an old address no user has,
/// the second Meera's), and a phone no user has.
private let severalIdentifiers = """
    {"id":"urn:uuid:several","type":["VerifiableCredential","OpenBadgeCredential"],"validFrom":"2024-05-01T12:00:00Z",
     "credentialSubject":{"type":["AchievementSubject"],
       "identifier":[
         {"type":"IdentityObject","identityType":"emailAddress","hashed":false,"identityHash":"m.old@school.example"},
         {"type":"IdentityObject","identityType":"emailAddress","hashed":false,"identityHash":" Meera@Example.org "},
         {"type":"IdentityObject","identityType":"phoneNumber","hashed":false,"identityHash":"+15555550100"}],
       "achievement":{"type":["Achievement"],"name":"Data Basics"}}}
    """

/// An OB 2.0 assertion whose issuer lists its recipient twice: an email no user has, then a telephone number.
private let twoRecipients = """
    {"type":"Assertion","id":"urn:uuid:two","issuedOn":"2024-05-02T00:00:00Z","badge":{"name":"Welding"},
     "recipient":[{"type":"email","hashed":false,"identity":"nobody@example.org"},
                  {"type":"telephone","hashed":false,"identity":"98765 43210"}]}
    """

/// Every plain identifier of an Open Badges credential is a candidate, tried in order until one finds a user.
@Suite struct OpenBadgesCandidateTests {
    let fixture: TestDatabase
    let platformId: Int64
    let writer: CredentialWriter

    init() throws {
        fixture = try TestDatabase()
        platformId = try fixture.insertPlatform(name: "badges")
        writer = CredentialWriter(db: fixture.db, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        try fixture.db.run(
            """
            INSERT INTO users (id, name, email, email_normalized, phone, phone_normalized, created_at) VALUES
            (1, 'Meera', 'meera@example.org', 'meera@example.org', NULL, NULL, 0),
            (2, 'Ravi', NULL, NULL, '9876543210', '+919876543210', 0)
            """)
    }

    private func write(_ text: String) throws {
        let item = OpenBadgesCredential.item(try JSONParser.parse(text))
        try fixture.db.transaction(.immediate) {
            _ = try writer.write([item], platformId: platformId, runId: 1, nowMs: fixture.clock.nowMs)
        }
    }

    /// status, user, matched_by, learner_identifier, identifier_type of the one stored credential.
    private func row() throws -> String? {
        try fixture.db.first(
            """
            SELECT status, ifnull(user_id, 0), ifnull(matched_by, '-'), ifnull(\(CredentialStore.learnerIdentifierSQL), '-'),
                   ifnull(identifier_type, '-')
            FROM external_credentials c
            """
        ) { "\($0.text(0)) \($0.int(1)) \($0.text(2)) \($0.text(3)) \($0.text(4))" }
    }

    @Test func anOB3CredentialWhoseSecondPlainEmailBelongsToAUserIsMatchedToThatUser() throws {
        try write(severalIdentifiers)
        #expect(try row() == "matched 1 email meera@example.org email")
        #expect(
            try fixture.db.first("SELECT learner_email, email_normalized FROM external_credentials") {
                "\($0.text(0))|\($0.text(1))"
            } == "Meera@Example.org|meera@example.org")
    }

    @Test func withNoCandidateMatchingTheFirstIsStoredAndALaterUserIsFoundByTheRematch() throws {
        try fixture.db.run("DELETE FROM users WHERE id = 1")
        try write(severalIdentifiers)
        #expect(try row() == "pending 0 - m.old@school.example email")

        try fixture.db.run(
            """
            INSERT INTO users (id, name, email, email_normalized, created_at)
            VALUES (3, 'Meera', 'meera@example.org', 'meera@example.org', 0)
            """)
        let rematcher = PendingRematcher(
            db: fixture.db, clock: fixture.clock, phoneNormalizer: PhoneNormalizer(defaultCountryCode: "91"))
        #expect(try rematcher.rematch(forEmails: ["meera@example.org"], phones: []) == 1)
        #expect(try row() == "matched 3 email meera@example.org email")
    }

    @Test func eachOB2RecipientIsACandidate() throws {
        try write(twoRecipients)
        #expect(try row() == "matched 2 phone +919876543210 phone")
    }
}
