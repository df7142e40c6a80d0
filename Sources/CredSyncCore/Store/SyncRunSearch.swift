/// What the dashboard's `/` finds in the sync log: a case-insensitive substring of the platform's name, the
/// trigger, the status, the error or an invalid item's reason — the words the Sync logs pane shows.
public struct SyncRunSearch: Sendable, Equatable {
    let like: LikePattern

    /// nil for an empty search: every run.
    public init?(_ text: String) {
        guard let like = LikePattern(text) else { return nil }
        self.like = like
    }

    /// The SQL condition over `r` (sync_runs) and `p` (platforms), and its values.
    var condition: SQLCondition {
        like.condition(anyOf: ["p.name", "r.trigger", "r.status", "r.error", "r.invalid_reasons"])
    }
}
