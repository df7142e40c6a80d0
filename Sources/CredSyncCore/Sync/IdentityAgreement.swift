/// Whether a pending credential's learner and a user look like the same person, compared as matching compares
/// them (normalised email, normalised phone). The claim dialog warns when neither agrees.
public struct IdentityAgreement: Sendable, Equatable {
    public var emailAgrees: Bool
    public var phoneAgrees: Bool

    /// True when the email or the phone agrees.
    public var agrees: Bool { emailAgrees || phoneAgrees }

    public init(credential: Credential, user: User, phoneNormalizer: PhoneNormalizer) {
        emailAgrees = Self.same(credential.learnerEmail, user.email, EmailNormalizer.normalize)
        phoneAgrees = Self.same(credential.learnerPhone, user.phone, phoneNormalizer.normalize)
    }

    private static func same(_ left: String?, _ right: String?, _ normalize: (String) -> String?) -> Bool {
        guard let left, let right, let first = normalize(left), let second = normalize(right) else { return false }
        return first == second
    }
}
