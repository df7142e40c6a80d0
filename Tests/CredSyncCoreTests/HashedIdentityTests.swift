import Testing

@testable import CredSyncCore

// MARK: - Fixtures

/// The recipient of the Open Badges 2.0 basic assertion in openbadges-validator-core's test components
/// (`2_0_basic_assertion`, "Assertion awarded to nobody@example.org"): `hashed: true`, `salt: "deadsea"`.
/// Checked independently: python3 -c "import hashlib; print(hashlib.sha256(b'nobody@example.orgdeadsea').hexdigest())"
private let publishedIdentityHash = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"

/// python3 -c "import hashlib; print(hashlib.sha256(b'ann@example.org').hexdigest())" — no salt.
private let unsaltedAnnHash = "sha256$438c4c7afe600cdf1e455c369bec76dc970fc8ca463447c7b387a347f3c79331"

/// python3 -c "import hashlib; print(hashlib.sha256(b'+919876543210pepper').hexdigest())"
private let pepperedPhoneHash = "sha256$c652461c97c257d26d6a3f62706ca54fac121088e6ba7044750d664e4f4c637b"

/// The error reading `identityHash` throws, or nil when it reads.
private func readError(_ identityHash: String) -> HashedIdentity.ReadError? {
    do {
        _ = try HashedIdentity(type: .email, identityHash: identityHash, salt: nil)
        return nil
    } catch {
        return error
    }
}

// MARK: - Tests

@Suite struct HashedIdentityTests {
    @Test func matchesThePublishedOpenBadgesExample() throws {
        let identity = try HashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsea")
        #expect(identity.matches("nobody@example.org"))
        #expect(!identity.matches("nobody@example.com"))
        #expect(!identity.matches("Nobody@example.org"))
        #expect(identity.type == .email)
        #expect(identity.algorithm == "sha256")
        #expect(identity.salt == "deadsea")
        #expect(identity.identityHash == publishedIdentityHash)
    }

    @Test func theSaltIsPartOfTheHash() throws {
        let unsalted = try HashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: nil)
        #expect(!unsalted.matches("nobody@example.org"))
        let otherSalt = try HashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsee")
        #expect(!otherSalt.matches("nobody@example.org"))
    }

    @Test func hexAndAlgorithmNameAreReadInEitherCase() throws {
        let upper = try HashedIdentity(type: .email, identityHash: publishedIdentityHash.uppercased(), salt: "deadsea")
        #expect(upper.matches("nobody@example.org"))
        #expect(upper.hashHex == "ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942")
        #expect(upper.identityHash == publishedIdentityHash)
        #expect(upper == (try HashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsea")))
    }

    @Test func aMissingSaltIsTheEmptyString() throws {
        let missing = try HashedIdentity(type: .email, identityHash: unsaltedAnnHash, salt: nil)
        let empty = try HashedIdentity(type: .email, identityHash: unsaltedAnnHash, salt: "")
        #expect(missing.salt == "")
        #expect(missing.matches("ann@example.org"))
        #expect(empty.matches("ann@example.org"))
        #expect(missing == empty)
    }

    @Test func phonesAreHashedInE164Form() throws {
        let identity = try HashedIdentity(type: .phone, identityHash: pepperedPhoneHash, salt: "pepper")
        #expect(identity.matches("+919876543210"))
        #expect(!identity.matches("9876543210"))
    }

    @Test(arguments: [
        ("md5$9b2c3d6f8e6f0a2c4b7f39e1d2a6c3b1", HashedIdentity.ReadError.unsupportedAlgorithm("md5")),
        ("sha512$" + String(repeating: "ab", count: 64), .unsupportedAlgorithm("sha512")),
        ("$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942", .unsupportedAlgorithm("")),
        ("ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942", .malformed),
        ("nobody@example.org", .malformed),
        ("", .malformed),
        ("sha256$", .malformed),
        ("sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d2989194", .malformed),
        ("sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d298919420", .malformed),
        ("sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d2989194g", .malformed),
        ("sha256$ ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942", .malformed),
    ])
    func refusesWhatIsNotASHA256Hash(identityHash: String, expected: HashedIdentity.ReadError) {
        #expect(readError(identityHash) == expected)
    }

    @Test func readErrorsSayWhatWasExpected() {
        #expect(
            HashedIdentity.ReadError.unsupportedAlgorithm("md5").description == "unsupported hash algorithm \"md5\"")
        #expect(HashedIdentity.ReadError.malformed.description == "expected sha256$ and 64 hex digits")
    }
}
