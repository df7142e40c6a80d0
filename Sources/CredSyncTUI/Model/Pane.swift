/// The five panes of the dashboard, in tab order; `1`–`5` focus them.
public enum Pane: Int, CaseIterable, Sendable, Hashable {
    case platforms, queue, logs, pending, tokens

    public var title: String {
        switch self {
        case .platforms: "Platforms"
        case .queue: "Queue"
        case .logs: "Sync logs"
        case .pending: "Pending"
        case .tokens: "Tokens"
        }
    }

    /// Whether it lists a window over a whole table, read by key as the view moves (`DashboardWindows`).
    public var isPaged: Bool { self == .pending || self == .logs || self == .queue }

    /// The digit that focuses it.
    public var number: Int { rawValue + 1 }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count)! }
    public var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count)! }
}
