/// The identifiers of one incoming credential, each as received and in normal form, with the reasons any of them
/// could not be used.
///
/// Built from the adapter's plain emails and phones — usually one of each; an Open Badges credential may list
/// several, all candidates, tried in the order received — then `addHashedIdentity` for each Open Badges hashed
/// recipient. An identifier that is missing, empty or only whitespace counts as absent, not as invalid.
public struct LearnerIdentity: Sendable, Hashable {
    /// One plain identifier: the text received and its normal form.
    public struct Identifier: Sendable, Hashable {
        public let original: String
        /// Nil when `original` is not a plausible identifier of its kind.
        public let normalized: String?
    }

    /// Every plain email, in the order received (repeats left out).
    public private(set) var emails: [Identifier] = []
    /// Every plain phone, in the order received (repeats left out).
    public private(set) var phones: [Identifier] = []
    /// The hashed identities that could be read.
    public private(set) var hashed: [HashedIdentity] = []
    /// Why identifiers that were present could not be used, e.g. `phone "12345"`: the detail of the
    /// `invalidIdentifier` note when nothing else is usable.
    public private(set) var problems: [String] = []

    /// The first plain email: the one stored as the credential's `learner_email`.
    public var email: Identifier? { emails.first }
    /// The first plain phone: the one stored as the credential's `learner_phone`.
    public var phone: Identifier? { phones.first }

    /// Normalises `email` with `EmailNormalizer` and `phone` with `phoneNormalizer`.
    public init(email: String?, phone: String?, phoneNormalizer: PhoneNormalizer) {
        self.init(emails: email.map { [$0] } ?? [], phones: phone.map { [$0] } ?? [], phoneNormalizer: phoneNormalizer)
    }

    /// Normalises each of `emails` with `EmailNormalizer` and each of `phones` with `phoneNormalizer`, keeping their
    /// order: the candidates matching tries one after the other.
    public init(emails: [String], phones: [String], phoneNormalizer: PhoneNormalizer) {
        for email in emails.compactMap(Self.present) {
            Self.append(Identifier(original: email, normalized: EmailNormalizer.normalize(email)), to: &self.emails)
        }
        for phone in phones.compactMap(Self.present) {
            Self.append(Identifier(original: phone, normalized: phoneNormalizer.normalize(phone)), to: &self.phones)
        }
        problems += self.emails.filter { $0.normalized == nil }.map { "email \(Self.quoted($0.original))" }
        problems += self.phones.filter { $0.normalized == nil }.map { "phone \(Self.quoted($0.original))" }
    }

    /// Adds `identifier` unless one with the same normal form (or, when invalid, the same text) is there already.
    private static func append(_ identifier: Identifier, to list: inout [Identifier]) {
        let isRepeat = list.contains { listed in
            if let normalized = identifier.normalized { return listed.normalized == normalized }
            return listed.original == identifier.original
        }
        if !isRepeat { list.append(identifier) }
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

    /// The first valid plain identifier of `type` in normal form, if any.
    public func normalized(_ type: IdentifierType) -> String? {
        plain(type).lazy.compactMap(\.normalized).first
    }

    /// Every valid plain identifier of `type` in normal form, in order: the candidates matching tries.
    public func allNormalized(_ type: IdentifierType) -> [String] {
        plain(type).compactMap(\.normalized)
    }

    private func plain(_ type: IdentifierType) -> [Identifier] {
        switch type {
        case .email: emails
        case .phone: phones
        }
    }

    /// This identity with the plain email and phone whose normal forms are `email` and `phone` moved first: once
    /// they found the matched user, they are the ones the credential row stores. Nil leaves that type as it is.
    public func preferring(email: String?, phone: String?) -> LearnerIdentity {
        var preferred = self
        func moveFirst(_ normalized: String?, in list: inout [Identifier]) {
            guard let normalized, let index = list.firstIndex(where: { $0.normalized == normalized }) else { return }
            list.insert(list.remove(at: index), at: 0)
        }
        moveFirst(email, in: &preferred.emails)
        moveFirst(phone, in: &preferred.phones)
        return preferred
    }

    /// The plain identifiers after the first of each type, as received: stored beside the hashed recipients
    /// (`HashedRecipient.encode(_:otherPlain:)`) so that a later re-match tries them too.
    public var otherPlain: [(type: IdentifierType, identity: String)] {
        emails.dropFirst().map { (.email, $0.original) } + phones.dropFirst().map { (.phone, $0.original) }
    }

    /// The credential row's `identifier_type`: that of `learnerIdentifier`.
    public var identifierType: IdentifierType? { learnerIdentifier(matchedBy: nil)?.type }

    /// The credential row's `learner_identifier`: the normalised email, else the normalised phone, else the first
    /// hashed identity as `sha256$…` (email before phone); nil when nothing is usable.
    public var learnerIdentifier: String? { learnerIdentifier(matchedBy: nil)?.identifier }

    /// The credential row's `learner_identifier` and `identifier_type` once matched by an identifier of `type`: that
    /// type's first valid plain identifier (`preferring` puts the one that matched first), else its first hashed
    /// identity; unmatched (nil), the first usable one in the order of `learnerIdentifier`.
    public func learnerIdentifier(matchedBy type: IdentifierType?) -> (identifier: String, type: IdentifierType)? {
        if let type {
            if let identifier = normalized(type) { return (identifier, type) }
            if let identity = hashed.first(where: { $0.type == type }) { return (identity.identityHash, type) }
        }
        for type in IdentifierType.allCases {
            if let identifier = normalized(type) { return (identifier, type) }
        }
        for type in IdentifierType.allCases {
            if let identity = hashed.first(where: { $0.type == type }) { return (identity.identityHash, type) }
        }
        return nil
    }

    /// What the row's `learner_identifier` column holds for `learnerIdentifier(matchedBy:)`: nil when that is the
    /// normalised email or phone the row stores anyway (`CredentialStore.learnerIdentifierSQL` reads it from there), so
    /// each identifier is stored once; a hashed recipient's `sha256$…` otherwise.
    func storedLearnerIdentifier(_ learner: (identifier: String, type: IdentifierType)?) -> String? {
        guard let learner, learner.identifier != normalized(learner.type) else { return nil }
        return learner.identifier
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
