/// The terminal could not be opened: not a terminal, or a `TERM` ncurses does not know.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
