/// What sits above the panes and takes the keys first. The model keeps a stack; `esc` pops the top one.
public enum Overlay: Sendable, Equatable {
    /// Every key, scrolled by `scroll` lines.
    case help(scroll: Int)
    case detail(DetailOverlay)
    /// Typing the focused pane's filter; the text lives in that pane's `PaneState.filter`.
    case filter
    case confirm(ConfirmDialog)
    case platformForm(PlatformForm)
    case claim(ClaimDialog)
    /// Open alerts, then recently resolved ones (`A`).
    case alerts(AlertsOverlay)
}
