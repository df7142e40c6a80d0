/// What the prefetch thread read ahead of the worker for one page: each credential's identity in normal form and,
/// for those its stored row said would be matched, the candidate users its identifiers found — at one users'
/// generation (`UserDirectory.generation`). The worker takes the identities as they are (they depend on the item
/// alone) and the candidates only while the generation is unchanged; whatever is missing it reads itself
/// (`CredentialWriter.read(_:platformId:readAhead:)`). A hint, never a decision: stored rows are always read again.
public struct MatchReadAhead: Sendable {
    public struct Entry: Sendable {
        public var identity: LearnerIdentity
        /// Nil when the stored row, as read ahead, needed no match (unchanged, or an operator's decision).
        public var candidates: UserDirectory.Candidates?

        public init(identity: LearnerIdentity, candidates: UserDirectory.Candidates?) {
            self.identity = identity
            self.candidates = candidates
        }
    }

    /// The users' generation the candidates were read at.
    public var usersGeneration: Int64
    /// By the item's position in its page.
    public var entries: [Int: Entry]

    public init(usersGeneration: Int64, entries: [Int: Entry]) {
        self.usersGeneration = usersGeneration
        self.entries = entries
    }
}
