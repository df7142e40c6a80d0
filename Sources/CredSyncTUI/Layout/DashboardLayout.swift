/// Where the header, footer, tab bar and panes go for a terminal size: a pure function of the size.
///
/// - At least 120×32: all five panes tiled — Platforms and Queue side by side on top, Sync logs and Pending in
///   the middle, Tokens across the bottom.
/// - At least 60×16: one pane at a time under a tab bar; every pane gets the same content rectangle.
/// - Smaller: `tooSmall`, and the view draws a centred message instead.
public struct DashboardLayout: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case tiled, tabbed, tooSmall
    }

    public static let minimumSize = Size(width: 60, height: 16)
    public static let tiledMinimumSize = Size(width: 120, height: 32)
    public static let headerRows = 2

    public var size: Size
    public var mode: Mode
    public var header: Rect
    /// Only in `tabbed` mode.
    public var tabBar: Rect?
    public var footer: Rect
    /// Tiled: each pane's box. Tabbed: the one content box, for every pane. Too small: empty.
    public var panes: [Pane: Rect]

    /// The layout for a terminal of `size`.
    public static func layout(_ size: Size) -> DashboardLayout {
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        guard size.width >= minimumSize.width, size.height >= minimumSize.height else {
            return DashboardLayout(
                size: size, mode: .tooSmall, header: Rect(x: 0, y: 0, width: 0, height: 0),
                tabBar: nil, footer: Rect(x: 0, y: 0, width: 0, height: 0), panes: [:])
        }
        let (header, belowHeader) = screen.splitTop(headerRows)
        let (body, footer) = belowHeader.splitTop(belowHeader.height - 1)
        guard size.width >= tiledMinimumSize.width, size.height >= tiledMinimumSize.height else {
            let (tabBar, content) = body.splitTop(1)
            return DashboardLayout(
                size: size, mode: .tabbed, header: header, tabBar: tabBar, footer: footer,
                panes: Dictionary(uniqueKeysWithValues: Pane.allCases.map { ($0, content) }))
        }
        let tokensHeight = min(max(body.height * 22 / 100, 6), 14)
        let (upper, tokens) = body.splitTop(body.height - tokensHeight)
        let (top, middle) = upper.splitTop(upper.height * 45 / 100)
        let (platforms, queue) = top.splitLeft(top.width / 2)
        let (logs, pending) = middle.splitLeft(middle.width * 55 / 100)
        return DashboardLayout(
            size: size, mode: .tiled, header: header, tabBar: nil, footer: footer,
            panes: [.platforms: platforms, .queue: queue, .logs: logs, .pending: pending, .tokens: tokens])
    }

    /// How many list rows `pane` shows: its box less the two borders and the column headings.
    public func listRows(for pane: Pane) -> Int {
        max(1, (panes[pane]?.height ?? 4) - 3)
    }
}
