/// What the terminal reports between frames.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    /// The window changed size (any time, KEY_RESIZE); the next frame is drawn in full.
    case resize(Size)
}
