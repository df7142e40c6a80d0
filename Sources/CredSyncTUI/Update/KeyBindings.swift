import Foundation

/// The keys, for the help overlay and the footer: one list, so the two never disagree.
public enum KeyBindings {
    public struct Binding: Sendable, Equatable {
        public var keys: String
        public var summary: String
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var bindings: [Binding]
    }

    /// Every key, grouped as the `?` overlay lists them.
    public static let sections: [Section] = [
        Section(
            title: "Move",
            bindings: [
                Binding(keys: "tab / shift-tab", summary: "next / previous pane"),
                Binding(keys: "1 – 5", summary: "focus Platforms, Queue, Sync logs, Pending, Tokens"),
                Binding(keys: "← → / h l", summary: "previous / next pane"),
                Binding(keys: "↑ ↓ / k j", summary: "select the row above / below"),
                Binding(keys: "g / G", summary: "first / last row"),
                Binding(keys: "PgUp / PgDn", summary: "a page up / down"),
                Binding(keys: "enter", summary: "details of the selected row"),
                Binding(keys: "/", summary: "filter the pane (enter keeps, esc clears)"),
                Binding(keys: "esc", summary: "back: close the overlay, clear the filter"),
            ]),
        Section(
            title: "Act",
            bindings: [
                Binding(keys: "s", summary: "sync the selected row's platform now"),
                Binding(keys: "S", summary: "sync every active platform"),
                Binding(keys: "r", summary: "refresh the token (Tokens, Platforms)"),
                Binding(keys: "p", summary: "pause / resume the scheduler"),
                Binding(keys: "e", summary: "enable / disable the platform (Platforms)"),
                Binding(keys: "a / E", summary: "add / edit a platform (form: ctrl-t tests it)"),
                Binding(keys: "c", summary: "claim the credential for a user (Pending)"),
                Binding(keys: "x", summary: "reject the credential (Pending)"),
                Binding(keys: "u", summary: "undo the last claim or reject made here (Pending)"),
                Binding(keys: "A", summary: "alerts: open, then recently resolved (enter acknowledges)"),
                Binding(keys: "R", summary: "retry the failed job (Queue)"),
                Binding(keys: "d", summary: "cancel the job (Queue)"),
            ]),
        Section(
            title: "Dashboard",
            bindings: [
                Binding(keys: "t", summary: "next colour theme"),
                Binding(keys: "?", summary: "this help"),
                Binding(keys: "q", summary: "quit (asks while jobs run)"),
            ]),
    ]

    /// The help overlay's lines.
    public static var helpLines: [String] {
        var lines: [String] = []
        for section in sections {
            if !lines.isEmpty { lines.append("") }
            lines.append(section.title)
            for binding in section.bindings {
                lines.append("  " + binding.keys.padding(toLength: 18, withPad: " ", startingAt: 0) + binding.summary)
            }
        }
        return lines
    }

    /// The footer's hints for the focused pane: (key, what it does), most useful first.
    /// Under an overlay only its own keys: the pane's do not reach the pane.
    public static func footerHints(for pane: Pane, overlay: Overlay?) -> [(key: String, summary: String)] {
        switch overlay {
        case nil, .filter?: return footerHints(for: pane)
        case .detail(let detail)?:
            if case .credential = detail.subject {
                return [("c", "claim"), ("x", "reject"), ("esc", "close")] + footerPinned
            }
            return [("esc", "close")] + footerPinned
        default: return [("esc", "close")] + footerPinned
        }
    }

    public static func footerHints(for pane: Pane) -> [(key: String, summary: String)] {
        let specific: [(String, String)]
        switch pane {
        case .platforms:
            specific = [("s", "sync"), ("e", "enable/disable"), ("r", "refresh token"), ("E", "edit"), ("a", "add")]
        case .queue: specific = [("R", "retry"), ("d", "cancel"), ("s", "sync")]
        case .logs: specific = [("enter", "errors"), ("s", "sync")]
        case .pending: specific = [("c", "claim"), ("x", "reject"), ("u", "undo"), ("enter", "raw item")]
        case .tokens: specific = [("r", "refresh"), ("s", "sync")]
        }
        return specific + [
            ("S", "sync all"), ("A", "alerts"), ("p", "scheduler"), ("/", "filter"), ("tab", "pane"),
        ] + footerPinned
    }

    /// The footer's last hints, kept when the others do not fit.
    public static let footerPinned: [(key: String, summary: String)] = [("?", "help"), ("q", "quit")]
}
