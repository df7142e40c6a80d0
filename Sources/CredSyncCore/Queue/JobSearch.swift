/// What the dashboard's `/` finds in the Queue: a case-insensitive substring of the platform's name, the job's
/// kind, state or trigger, or its last error (the note).
public struct JobSearch: Sendable, Equatable {
    let like: LikePattern

    /// nil for an empty search: every job the pane shows.
    public init?(_ text: String) {
        guard let like = LikePattern(text) else { return nil }
        self.like = like
    }

    /// The SQL condition over `j` (jobs), and its values.
    var condition: SQLCondition {
        let columns = like.condition(anyOf: ["j.kind", "j.state", "j.trigger", "j.last_error"])
        let platform = like.condition(anyOf: ["name"])
        return (
            "(\(columns.sql) OR j.platform_id IN (SELECT id FROM platforms WHERE \(platform.sql)))",
            columns.values + platform.values
        )
    }
}
