import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let phones = PhoneNormalizer(defaultCountryCode: "91")

private func identity(email: String? = nil, phone: String? = nil) -> LearnerIdentity {
    LearnerIdentity(email: email, phone: phone, phoneNormalizer: phones)
}

private let asha = identity(email: "Asha@Example.com", phone: "98765 43210")

/// sha256("nobody@example.org" + "deadsea"), the Open Badges 2.0 validator's example (see HashedIdentityTests).
private let publishedIdentityHash = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"

// MARK: - Tests

@Suite struct LearnerIdentityTests {
    @Test func keepsTheOriginalBesideTheNormalForm() throws {
        let email = try #require(asha.email)
        let phone = try #require(asha.phone)
        #expect(email.original == "Asha@Example.com" && email.normalized == "asha@example.com")
        #expect(phone.original == "98765 43210" && phone.normalized == "+919876543210")
        #expect(asha.problems.isEmpty)
    }

    @Test func theCredentialIdentifierIsTheEmailThenThePhoneThenAHash() {
        #expect(asha.identifierType == .email && asha.learnerIdentifier == "asha@example.com")
        let badEmail = identity(email: "asha", phone: "09876543210")
        #expect(badEmail.identifierType == .phone && badEmail.learnerIdentifier == "+919876543210")
        var hashed = identity(email: "asha")
        hashed.addHashedIdentity(type: .phone, identityHash: publishedIdentityHash.uppercased(), salt: "s")
        #expect(hashed.identifierType == .phone && hashed.learnerIdentifier == publishedIdentityHash)
        hashed.addHashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsea")
        #expect(hashed.identifierType == .email)
        #expect(identity(email: "asha", phone: "1").identifierType == nil)
        #expect(identity().learnerIdentifier == nil)
    }

    @Test func emptyIdentifiersAreAbsentNotInvalid() {
        let empty = identity(email: "  ", phone: "")
        #expect(empty.email == nil && empty.phone == nil && empty.problems.isEmpty)
    }

    @Test func readableHashesAreKeptAndUnreadableOnesBecomeProblems() {
        var learner = identity()
        learner.addHashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: nil)
        learner.addHashedIdentity(type: .phone, identityHash: "sha256$beef", salt: nil)
        #expect(learner.hashed.map(\.identityHash) == [publishedIdentityHash])
        #expect(learner.problems == [#"phone hash "sha256$beef": expected sha256$ and 64 hex digits"#])
        #expect(learner.isUsable(.email) && !learner.isUsable(.phone))
    }

    @Test func longInvalidValuesAreCutInTheNote() {
        let long = identity(phone: String(repeating: "x", count: 100))
        #expect(long.problems == ["phone \"\(String(repeating: "x", count: 64))…\""])
    }
}
