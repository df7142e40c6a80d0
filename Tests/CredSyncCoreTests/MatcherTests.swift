import Testing

@testable import CredSyncCore

// MARK: - Fixtures

private let phones = PhoneNormalizer(defaultCountryCode: "91")

private func identity(email: String? = nil, phone: String? = nil) -> LearnerIdentity {
    LearnerIdentity(email: email, phone: phone, phoneNormalizer: phones)
}

private let asha = identity(email: "Asha@Example.com", phone: "98765 43210")
private let ashaEmailOnly = identity(email: "asha@example.com")
private let ashaPhoneOnly = identity(phone: "+91 98765 43210")

/// sha256("nobody@example.org" + "deadsea"), the Open Badges 2.0 validator's example (see HashedIdentityTests).
private let publishedIdentityHash = "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"

private func decide(_ identity: LearnerIdentity, email: [Int64] = [], phone: [Int64] = []) -> MatchDecision {
    Matcher.decide(identity: identity, usersByEmail: email, usersByPhone: phone)
}

// MARK: - Tests

@Suite struct MatcherTests {
    // MARK: Matched

    @Test func anEmailThatFindsOneUserMatchesIt() {
        #expect(decide(ashaEmailOnly, email: [7]) == .matched(userId: 7, by: .email))
        #expect(decide(asha, email: [7]) == .matched(userId: 7, by: .email))
    }

    @Test func emailAndPhoneFindingTheSameUserMatchByEmail() {
        #expect(decide(asha, email: [7], phone: [7]) == .matched(userId: 7, by: .email))
    }

    @Test func aPhoneThatFindsOneUserMatchesItWhenTheEmailFindsNone() {
        #expect(decide(ashaPhoneOnly, phone: [9]) == .matched(userId: 9, by: .phone))
        #expect(decide(asha, phone: [9]) == .matched(userId: 9, by: .phone))
    }

    @Test func anInvalidEmailDoesNotStopAPhoneMatch() {
        let badEmail = identity(email: "asha at example", phone: "9876543210")
        #expect(decide(badEmail, phone: [9]) == .matched(userId: 9, by: .phone))
    }

    @Test func aPhoneTellsApartTheUsersOfASharedEmail() {
        #expect(decide(asha, email: [3, 4], phone: [4]) == .matched(userId: 4, by: .phone))
    }

    @Test func anEmailTellsApartTheUsersOfASharedPhone() {
        #expect(decide(asha, email: [4], phone: [3, 4]) == .matched(userId: 4, by: .email))
    }

    @Test func duplicateCandidatesCountOnce() {
        #expect(decide(asha, email: [5, 5], phone: [5, 5]) == .matched(userId: 5, by: .email))
    }

    @Test func aHashedIdentityCanFindTheUser() {
        var hashedOnly = identity()
        hashedOnly.addHashedIdentity(type: .email, identityHash: publishedIdentityHash, salt: "deadsea")
        #expect(decide(hashedOnly, email: [11]) == .matched(userId: 11, by: .email))
        #expect(decide(hashedOnly) == .pending(note: .noUser))
    }

    // MARK: Conflict

    @Test func emailAndPhoneFindingDifferentUsersIsAConflict() {
        #expect(decide(asha, email: [7], phone: [9]) == .pending(note: .conflict))
    }

    @Test func aUniqueEmailOutsideTheUsersOfASharedPhoneIsAConflict() {
        #expect(decide(asha, email: [7], phone: [8, 9]) == .pending(note: .conflict))
    }

    @Test func aUniquePhoneOutsideTheUsersOfASharedEmailIsAConflict() {
        #expect(decide(asha, email: [7, 8], phone: [9]) == .pending(note: .conflict))
    }

    @Test func sharedEmailAndSharedPhoneWithNoUserInCommonIsAConflict() {
        #expect(decide(asha, email: [1, 2], phone: [3, 4]) == .pending(note: .conflict))
    }

    // MARK: Ambiguous

    @Test func anIdentifierSharedBySeveralUsersIsAmbiguous() {
        #expect(decide(ashaEmailOnly, email: [3, 4]) == .pending(note: .ambiguous))
        #expect(decide(ashaPhoneOnly, phone: [3, 4]) == .pending(note: .ambiguous))
        #expect(decide(asha, email: [3, 4]) == .pending(note: .ambiguous))
    }

    @Test func sharedEmailAndSharedPhoneWithUsersInCommonAreAmbiguous() {
        #expect(decide(asha, email: [1, 2], phone: [2, 3]) == .pending(note: .ambiguous))
    }

    // MARK: Nobody found

    @Test func usableIdentifiersThatFindNobodyMeanNoUser() {
        #expect(decide(asha) == .pending(note: .noUser))
        #expect(decide(ashaEmailOnly) == .pending(note: .noUser))
        #expect(decide(ashaPhoneOnly) == .pending(note: .noUser))
    }

    @Test func anInvalidIdentifierBesideAUsableOneIsNoUser() {
        #expect(decide(identity(email: "asha@example.com", phone: "12345")) == .pending(note: .noUser))
    }

    @Test func anInvalidIdentifierAndNothingUsableIsInvalid() {
        #expect(decide(identity(phone: "12345")) == .pending(note: .invalidIdentifier("phone \"12345\"")))
        #expect(
            decide(identity(email: "asha@", phone: "5876543210"))
                == .pending(note: .invalidIdentifier("email \"asha@\"; phone \"5876543210\"")))
    }

    @Test func anUnreadableHashAndNothingUsableIsInvalid() {
        var unreadable = identity()
        unreadable.addHashedIdentity(type: .email, identityHash: "md5$9b2c3d6f8e6f0a2c4b7f39e1d2a6c3b1", salt: "x")
        let expected = #"email hash "md5$9b2c3d6f8e6f0a2c4b7f39e1d2a6c3b1": unsupported hash algorithm "md5""#
        #expect(decide(unreadable) == .pending(note: .invalidIdentifier(expected)))
    }

    @Test func noIdentifierAtAllIsNoUsableIdentifier() {
        #expect(decide(identity()) == .pending(note: .noUsableIdentifier))
        #expect(decide(identity(email: "", phone: " \t")) == .pending(note: .noUsableIdentifier))
    }

    // MARK: Notes and decisions

    @Test(arguments: [
        (MatchNote.noUser, "no user with this email or phone"),
        (.conflict, "email and phone match different users"),
        (.ambiguous, "several users share this email/phone"),
        (.invalidIdentifier("phone \"12345\""), "invalid identifier: phone \"12345\""),
        (.noUsableIdentifier, "no usable identifier"),
    ])
    func notesHaveStableText(note: MatchNote, text: String) {
        #expect(note.text == text)
        #expect(note.description == text)
    }

    @Test func decisionsGiveTheCredentialColumns() {
        let matched = MatchDecision.matched(userId: 7, by: .phone)
        #expect(matched.userId == 7 && matched.matchedBy == .phone && matched.note == nil)
        #expect(matched.matchedBy?.rawValue == "phone")
        let pending = MatchDecision.pending(note: .conflict)
        #expect(pending.userId == nil && pending.matchedBy == nil && pending.note == .conflict)
    }

    @Test func passingUsersForAnIdentifierTheIdentityLacksTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Matcher.decide(
                identity: LearnerIdentity(email: nil, phone: "9876543210", phoneNormalizer: PhoneNormalizer()),
                usersByEmail: [1], usersByPhone: [])
        }
    }
}
