import CredSyncTestSupport
import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let phones = PhoneNormalizer(defaultCountryCode: "91")

/// sha256("nobody@example.org" + "deadsea"), the Open Badges 2.0 validator's example (see HashedIdentityTests).
private let publishedIdentityHash = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"

/// `sha256$` and the hex SHA-256 of `identifier` + `salt`, as an issuer would publish it.
private func identityHash(of identifier: String, salt: String) -> String {
    "sha256$"
        + Crypto.sha256(Array((identifier + salt).utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
}

private func hashed(_ type: IdentifierType, _ identifier: String, salt: String?) throws -> HashedIdentity {
    try HashedIdentity(type: type, identityHash: identityHash(of: identifier, salt: salt ?? ""), salt: salt)
}

@Suite struct UserDirectoryTests {
    let fixture: TestDatabase
    let directory: UserDirectory

    init() throws {
        fixture = try TestDatabase()
        directory = UserDirectory(db: fixture.db)
    }

    /// Inserts a user as an import would: original and normalised identifiers side by side.
    @discardableResult
    private func insertUser(name: String, email: String? = nil, phone: String? = nil) throws -> Int64 {
        try fixture.db.run(
            """
            INSERT INTO users (name, email, email_normalized, phone, phone_normalized, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                name, email, email.flatMap(EmailNormalizer.normalize), phone, phone.flatMap(phones.normalize),
                fixture.clock.nowMs,
            ])
        return fixture.db.lastInsertRowID
    }

    // MARK: - Plain identifiers

    @Test func findsUsersByNormalisedEmailAndPhone() throws {
        let asha = try insertUser(name: "Asha", email: "Asha@Example.com", phone: "98765 43210")
        let ravi = try insertUser(name: "Ravi", email: "ravi@example.com", phone: "+91 91234 56789")
        try insertUser(name: "No identifiers")
        #expect(try directory.users(withEmail: "asha@example.com") == [asha])
        #expect(try directory.users(withEmail: "ravi@example.com") == [ravi])
        #expect(try directory.users(withEmail: "Asha@Example.com") == [])
        #expect(try directory.users(withEmail: "nobody@example.com") == [])
        #expect(try directory.users(withPhone: "+919876543210") == [asha])
        #expect(try directory.users(withPhone: "+919123456789") == [ravi])
        #expect(try directory.users(withPhone: "9876543210") == [])
    }

    @Test func findsEveryUserSharingAnIdentifier() throws {
        let first = try insertUser(name: "Parent", email: "family@example.com", phone: "9876543210")
        let second = try insertUser(name: "Child", email: "FAMILY@example.com", phone: "9123456789")
        #expect(try directory.users(withEmail: "family@example.com") == [first, second])
        let learner = LearnerIdentity(email: "family@example.com", phone: nil, phoneNormalizer: phones)
        let candidates = try directory.candidates(for: learner)
        #expect(candidates == UserDirectory.Candidates(usersByEmail: [first, second], email: "family@example.com"))
        #expect(
            Matcher.decide(
                identity: learner, usersByEmail: candidates.usersByEmail, usersByPhone: candidates.usersByPhone)
                == .pending(note: .ambiguous))
    }

    // MARK: - Hashed identities

    @Test func findsTheUserOfThePublishedOpenBadgesExample() throws {
        try insertUser(name: "Somebody", email: "somebody@example.org")
        let nobody = try insertUser(name: "Nobody", email: "Nobody@Example.org")
        try insertUser(name: "Phone only", phone: "9876543210")
        let identity = try HashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsea")
        #expect(try directory.usersMatching(hashed: identity) == [nobody])
    }

    @Test func findsUsersByHashedPhoneAndUnsaltedHashes() throws {
        try insertUser(name: "Asha", email: "asha@example.com", phone: "9876543210")
        let ravi = try insertUser(name: "Ravi", email: "ravi@example.com", phone: "9123456789")
        #expect(try directory.usersMatching(hashed: hashed(.phone, "+919123456789", salt: "s")) == [ravi])
        #expect(try directory.usersMatching(hashed: hashed(.email, "ravi@example.com", salt: nil)) == [ravi])
        // A hashed email is never compared with phones, nor the other way round.
        #expect(try directory.usersMatching(hashed: hashed(.email, "+919123456789", salt: "s")) == [])
        #expect(try directory.usersMatching(hashed: hashed(.email, "zoe@example.com", salt: "s")) == [])
    }

    @Test func findsEveryUserOfASharedHashedIdentifier() throws {
        let first = try insertUser(name: "Parent", email: "family@example.com")
        let second = try insertUser(name: "Child", email: "family@example.com")
        #expect(
            try directory.usersMatching(hashed: hashed(.email, "family@example.com", salt: "x")) == [first, second])
    }

    @Test func looksUpABatchOfHashedIdentitiesAtOnce() throws {
        let asha = try insertUser(name: "Asha", email: "asha@example.com", phone: "9876543210")
        let ravi = try insertUser(name: "Ravi", email: "ravi@example.com", phone: "9123456789")
        let ashaBySalt1 = try hashed(.email, "asha@example.com", salt: "one")
        let raviBySalt1 = try hashed(.email, "ravi@example.com", salt: "one")
        let raviBySalt2 = try hashed(.email, "ravi@example.com", salt: "two")
        let ashaByPhone = try hashed(.phone, "+919876543210", salt: "one")
        let nobody = try hashed(.email, "zoe@example.com", salt: "one")
        let matches = try directory.usersMatching(hashed: [ashaBySalt1, raviBySalt1, raviBySalt2, ashaByPhone, nobody])
        #expect(matches == [ashaBySalt1: [asha], raviBySalt1: [ravi], raviBySalt2: [ravi], ashaByPhone: [asha]])
        #expect(try directory.usersMatching(hashed: [ashaBySalt1, ashaBySalt1]) == [ashaBySalt1: [asha]])
        #expect(try directory.usersMatching(hashed: []) == [:])
    }

    // MARK: - Candidates

    @Test func candidatesJoinPlainAndHashedIdentifiersWithoutDuplicates() throws {
        let asha = try insertUser(name: "Asha", email: "asha@example.com", phone: "9876543210")
        let ravi = try insertUser(name: "Ravi", email: "ravi@example.com", phone: "9123456789")
        var learner = LearnerIdentity(email: "ASHA@example.com", phone: "91234 56789", phoneNormalizer: phones)
        learner.addHashedIdentity(
            type: .email, identityHash: identityHash(of: "asha@example.com", salt: "s"), salt: "s")
        let candidates = try directory.candidates(for: learner)
        #expect(
            candidates
                == UserDirectory.Candidates(
                    usersByEmail: [asha], usersByPhone: [ravi], email: "asha@example.com", phone: "+919123456789"))
        #expect(
            Matcher.decide(
                identity: learner, usersByEmail: candidates.usersByEmail, usersByPhone: candidates.usersByPhone)
                == .pending(note: .conflict))
    }

    @Test func candidatesForABatchKeepItsOrder() throws {
        let asha = try insertUser(name: "Asha", email: "asha@example.com", phone: "9876543210")
        let ravi = try insertUser(name: "Ravi", email: "ravi@example.com", phone: "9123456789")
        var hashedRavi = LearnerIdentity(email: nil, phone: nil, phoneNormalizer: phones)
        hashedRavi.addHashedIdentity(type: .phone, identityHash: identityHash(of: "+919123456789", salt: ""), salt: nil)
        let batch = [
            hashedRavi,
            LearnerIdentity(email: nil, phone: "098765 43210", phoneNormalizer: phones),
            LearnerIdentity(email: "zoe@example.com", phone: "12345", phoneNormalizer: phones),
        ]
        let candidates = try directory.candidates(for: batch)
        #expect(
            candidates == [
                UserDirectory.Candidates(usersByPhone: [ravi]),
                UserDirectory.Candidates(usersByPhone: [asha], phone: "+919876543210"),
                UserDirectory.Candidates(),
            ])
        let decisions = zip(batch, candidates).map { learner, found in
            Matcher.decide(identity: learner, usersByEmail: found.usersByEmail, usersByPhone: found.usersByPhone)
        }
        #expect(
            decisions == [
                .matched(userId: ravi, by: .phone), .matched(userId: asha, by: .phone), .pending(note: .noUser),
            ])
    }
}
