/// A yes/no question before a destructive action: `y` or `enter` goes ahead, `n` or `esc` does not.
public struct ConfirmDialog: Sendable, Equatable {
    /// What a yes does.
    public enum Outcome: Sendable, Equatable {
        case command(DashboardCommand)
        case quit
    }

    public var title: String
    public var message: String
    public var outcome: Outcome

    public init(title: String, message: String, outcome: Outcome) {
        self.title = title
        self.message = message
        self.outcome = outcome
    }
}
