/// What matching decided for one credential: a user and the identifier that found it, or pending with a note.
public enum MatchDecision: Sendable, Hashable {
    case matched(userId: Int64, by: IdentifierType)
    case pending(note: MatchNote)

    /// The matched user; nil when pending.
    public var userId: Int64? {
        if case .matched(let userId, _) = self { userId } else { nil }
    }

    /// The credential row's `matched_by`; nil when pending.
    public var matchedBy: IdentifierType? {
        if case .matched(_, let identifier) = self { identifier } else { nil }
    }

    /// The credential row's `match_note`; nil when matched.
    public var note: MatchNote? {
        if case .pending(let note) = self { note } else { nil }
    }
}
