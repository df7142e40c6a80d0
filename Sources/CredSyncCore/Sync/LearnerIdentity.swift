/// The identifiers of one incoming credential, each as received and in normal form, with the reasons any of them
/// could not be used.
///
/// Built from the adapter's plain email and phone, then `addHashedIdentity` for each Open Badges hashed recipient.
/// An identifier that is missing, empty or only whitespace counts as absent, not as invalid.
public struct LearnerIdentity: Sendable, Hashable {
    /// One plain identifier: the text received and its normal form.
    public struct Identifier: Sendable, Hashable {
        public let original: String
        /// Nil when `original` is not a plausible identifier of its kind.
        public let normalized: String?
    }

    public private(set) var email: Identifier?
    public private(set) var phone: Identifier?
    /// The hashed identities that could be read.
    public private(set) var hashed: [HashedIdentity] = []
    /// Why identifiers that were present could not be used, e.g. `phone "12345"`: the detail of the
    /// `invalidIdentifier` note when nothing else is usable.
    public private(set) var problems: [String] = []

    /// Normalises `email` with `EmailNormalizer` and `phone` with `phoneNormalizer`.
    public init(email: String?, phone: String?, phoneNormalizer: PhoneNormalizer) {
        if let email = Self.present(email) {
            self.email = Identifier(original: email, normalized: EmailNormalizer.normalize(email))
        }
        if let phone = Self.present(phone) {
            self.phone = Identifier(original: phone, normalized: phoneNormalizer.normalize(phone))
        }
        if let email = self.email, email.normalized == nil { problems.append("email \(Self.quoted(email.original))") }
        if let phone = self.phone, phone.normalized == nil { problems.append("phone \(Self.quoted(phone.original))") }
    }

    /// Adds an Open Badges hashed recipient (`identityHash` such as `sha256$…`, with its salt, nil meaning ""); one
    /// that cannot be read becomes a problem instead.
    public mutating func addHashedIdentity(type: IdentifierType, identityHash: String, salt: String?) {
        do {
            hashed.append(try HashedIdentity(type: type, identityHash: identityHash, salt: salt))
        } catch {
            problems.append("\(type.rawValue) hash \(Self.quoted(identityHash)): \(error)")
        }
    }

    // MARK: - Usable identifiers

    /// Whether an identifier of `type`, plain and valid or hashed, can find users.
    public func isUsable(_ type: IdentifierType) -> Bool {
        normalized(type) != nil || hashed.contains { $0.type == type }
    }

    /// The valid plain identifier of `type` in normal form, if any.
    public func normalized(_ type: IdentifierType) -> String? {
        switch type {
        case .email: email?.normalized
        case .phone: phone?.normalized
        }
    }

    /// The credential row's `identifier_type`: that of `learnerIdentifier`.
    public var identifierType: IdentifierType? { learnerIdentifierAndType?.type }

    /// The credential row's `learner_identifier`: the normalised email, else the normalised phone, else the first
    /// hashed identity as `sha256$…` (email before phone); nil when nothing is usable.
    public var learnerIdentifier: String? { learnerIdentifierAndType?.identifier }

    private var learnerIdentifierAndType: (identifier: String, type: IdentifierType)? {
        for type in IdentifierType.allCases {
            if let identifier = normalized(type) { return (identifier, type) }
        }
        for type in IdentifierType.allCases {
            if let identity = hashed.first(where: { $0.type == type }) { return (identity.identityHash, type) }
        }
        return nil
    }

    // MARK: - Input

    private static func present(_ text: String?) -> String? {
        guard let text else { return nil }
        let hasContent =
            ASCIIText.withBytes(of: text) { bytes in bytes.contains { !ASCIIText.isWhitespace($0) } }
            ?? text.contains(where: { !$0.isWhitespace })
        return hasContent ? text : nil
    }

    /// `text` quoted and escaped for a note, cut to 64 characters.
    private static func quoted(_ text: String) -> String {
        let limit = 64
        return String(reflecting: text.count > limit ? text.prefix(limit) + "…" : text)
    }
}
