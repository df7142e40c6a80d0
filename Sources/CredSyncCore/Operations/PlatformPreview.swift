/// What `credsync platforms test` shows: the first page of a platform as a sync would read it, item by item with
/// what each would become, and where the next page would start. Nothing of it was stored.
public struct PlatformPreview: Sendable, Equatable {
    /// What to preview: a stored platform, or a definition (a `platform.json`) with its secrets, not saved.
    public enum Source: Sendable, Equatable {
        case platform(PlatformReference)
        case definition(PlatformChanges, secrets: PlatformSecrets?)
        /// A stored platform with changes not saved yet (the dashboard's edit form); nil secrets use the stored ones.
        case edit(PlatformReference, PlatformChanges, secrets: PlatformSecrets?)
    }

    /// How many items came to each outcome.
    public struct Totals: Sendable, Equatable {
        public var items = 0
        public var matched = 0
        public var pending = 0
        public var invalid = 0
        public var unchanged = 0
        /// Items whose operator claim or rejection stays.
        public var kept = 0
        /// Pending items by note, e.g. `no user with this email or phone` → 35.
        public var pendingByNote: [String: Int] = [:]
    }

    public var platformName: String
    public var adapter: String
    public var pageSize: Int
    public var items: [ItemPreview]
    /// The users matched items would belong to, by id.
    public var users: [Int64: User]
    /// Where the second page would start; nil when the first page was the last.
    public var nextCursor: String?
    /// The platform's own total, when it says.
    public var totalCount: Int?
    /// HTTP requests sent, token requests and retries included.
    public var requestsSent: Int

    public var totals: Totals {
        var totals = Totals()
        for item in items {
            totals.items += 1
            switch item.outcome {
            case .matched: totals.matched += 1
            case .pending(let note):
                totals.pending += 1
                totals.pendingByNote[note, default: 0] += 1
            case .invalid: totals.invalid += 1
            case .unchanged: totals.unchanged += 1
            case .kept: totals.kept += 1
            }
        }
        return totals
    }

    /// One line for the dashboard's form: "first page: 100 items — 62 would match, 35 pending (no user), 3 invalid".
    public var summary: String {
        let totals = totals
        var parts: [String] = []
        if totals.matched > 0 { parts.append("\(totals.matched) would match") }
        if totals.pending > 0 {
            var byShortNote: [String: Int] = [:]
            for (note, count) in totals.pendingByNote { byShortNote[Self.shortNote(note), default: 0] += count }
            let notes = byShortNote.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
            parts.append("\(totals.pending) pending (\(notes.joined(separator: ", ")))")
        }
        if totals.invalid > 0 { parts.append("\(totals.invalid) invalid") }
        if totals.unchanged > 0 { parts.append("\(totals.unchanged) unchanged") }
        if totals.kept > 0 { parts.append("\(totals.kept) kept") }
        let noun = totals.items == 1 ? "item" : "items"
        return "first page: \(totals.items) \(noun)" + (parts.isEmpty ? "" : " — " + parts.joined(separator: ", "))
    }

    /// A match note in a word or two, for the summary line.
    static func shortNote(_ note: String) -> String {
        switch note {
        case MatchNote.noUser.text: "no user"
        case MatchNote.conflict.text: "conflict"
        case MatchNote.ambiguous.text: "ambiguous"
        case MatchNote.noUsableIdentifier.text: "no identifier"
        default: note.hasPrefix("invalid identifier") ? "invalid identifier" : note
        }
    }
}
