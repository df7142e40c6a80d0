/// One item of a previewed page: what a sync would store of it, and what it would become (`CredentialWriter.preview`).
public struct ItemPreview: Sendable, Equatable {
    /// What writing the item would come to.
    public enum Outcome: Sendable, Equatable {
        /// Matched to a user, by the identifier that found them.
        case matched(userId: Int64, by: IdentifierType)
        /// Stored as pending; the note says why (the `match_note` a sync would store).
        case pending(note: String)
        /// Skipped and counted as invalid, with the reason the run's log would give.
        case invalid(reason: String)
        /// Already stored with the same content: a sync leaves the row alone (`status` is the stored one).
        case unchanged(status: String)
        /// Stored with an operator's claim or rejection, which the new content does not change.
        case kept(status: String)
    }

    public var externalId: String?
    /// The identifier a sync would store and its type; nil when the item has none usable.
    public var identifier: String?
    public var identifierType: IdentifierType?
    public var title: String?
    public var issuedAtMs: Int64?
    public var expiresAtMs: Int64?
    public var updatedAtMs: Int64?
    public var outcome: Outcome
    /// A row for this external id is stored already (it would be updated, not inserted).
    public var isStored = false

    public init(externalId: String?, outcome: Outcome) {
        self.externalId = externalId
        self.outcome = outcome
    }

    init(credential: CredentialItem, identity: LearnerIdentity, outcome: Outcome, isStored: Bool) {
        var matchedBy: IdentifierType?
        if case .matched(_, let by) = outcome { matchedBy = by }
        let learner = identity.learnerIdentifier(matchedBy: matchedBy)
        externalId = credential.externalId
        identifier = learner?.identifier
        identifierType = learner?.type
        title = credential.title
        issuedAtMs = credential.issuedAtMs
        expiresAtMs = credential.expiresAtMs
        updatedAtMs = credential.updatedAtMs
        self.outcome = outcome
        self.isStored = isStored
    }

    /// The outcome of a row the writer would write.
    static func outcome(status: String, userId: Int64?, matchedBy: String?, note: String?, isOperatorDecision: Bool)
        -> Outcome
    {
        if isOperatorDecision { return .kept(status: status) }
        if let userId, let by = matchedBy.flatMap(IdentifierType.init(rawValue:)) {
            return .matched(userId: userId, by: by)
        }
        return .pending(note: note ?? "")
    }
}
