/// Decides which user a credential belongs to from the users its identifiers found; pure, no I/O.
///
/// `UserDirectory.candidates(for:)` supplies the user ids. The rules, in order:
/// 1. An email that finds exactly one user matches it (`by: .email`) unless the phone finds users and that one is
///    not among them: then the email and phone disagree, a conflict.
/// 2. Otherwise a phone that finds exactly one user matches it (`by: .phone`) unless the email finds users (several,
///    by then) and that one is not among them: a conflict. So a phone tells apart the users of a shared email, and an
///    email those of a shared phone.
/// 3. Otherwise, users found by both but none by both → conflict; users found by either → ambiguous.
/// 4. No users found: noUser when an identifier was usable; invalidIdentifier when identifiers were present but
///    none usable; noUsableIdentifier when there were none.
public enum Matcher {
    /// The decision for `identity`, given the ids of the users with its email (`usersByEmail`, plain or hashed) and
    /// with its phone (`usersByPhone`). Duplicate ids are ignored; passing users for an identifier the identity
    /// cannot use is a bug and traps.
    public static func decide(identity: LearnerIdentity, usersByEmail: [Int64], usersByPhone: [Int64])
        -> MatchDecision
    {
        let byEmail = Set(usersByEmail)
        let byPhone = Set(usersByPhone)
        precondition(byEmail.isEmpty || identity.isUsable(.email), "users found by an email the identity lacks")
        precondition(byPhone.isEmpty || identity.isUsable(.phone), "users found by a phone the identity lacks")

        if byEmail.count == 1, let user = byEmail.first {
            guard byPhone.isEmpty || byPhone.contains(user) else { return .pending(note: .conflict) }
            return .matched(userId: user, by: .email)
        }
        if byPhone.count == 1, let user = byPhone.first {
            guard byEmail.isEmpty || byEmail.contains(user) else { return .pending(note: .conflict) }
            return .matched(userId: user, by: .phone)
        }
        if !byEmail.isEmpty && !byPhone.isEmpty && byEmail.isDisjoint(with: byPhone) {
            return .pending(note: .conflict)
        }
        if !byEmail.isEmpty || !byPhone.isEmpty {
            return .pending(note: .ambiguous)
        }
        if identity.isUsable(.email) || identity.isUsable(.phone) {
            return .pending(note: .noUser)
        }
        if !identity.problems.isEmpty {
            return .pending(note: .invalidIdentifier(identity.problems.joined(separator: "; ")))
        }
        return .pending(note: .noUsableIdentifier)
    }
}
