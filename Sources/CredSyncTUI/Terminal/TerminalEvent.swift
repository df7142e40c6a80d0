/// What the terminal reports between frames.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    /// The window changed size (any time, KEY_RESIZE); the next frame is drawn in full.
    case resize(Size)
    /// The terminal went away (the window closed, the tmux session was killed): the program must stop.
    case hangup
}
