import CNcurses
import Foundation

/// The ncurses screen: the only Swift code that talks to ncurses. It copies buffers to the screen cell by cell,
/// only where they changed, and decodes keys.
///
/// Not thread safe, like ncurses: create it with `withTerminal` and use it on that thread only.
public final class Terminal {
    public private(set) var size: Size
    public let colorDepth: ColorDepth
    private var screen: OpaquePointer?
    private var lastFrame: Buffer?
    private var attributes: [attr_t] = Array(repeating: 0, count: StyleRole.allCases.count + 1)
    private var usesColor = false

    /// > The ESCDELAY variable … the number of milliseconds to wait after reading an escape character, to
    /// > distinguish between an individual escape character entered on the keyboard from escape sequences.
    static let escapeDelayMs: Int32 = 25

    fileprivate init(environment: [String: String]) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("the dashboard needs a terminal: stdin and stdout must be a tty")
        }
        guard let screen = credsync_newterm() else {
            throw TerminalError(
                "cannot open the terminal (TERM=\(environment["TERM"] ?? "unset")): set TERM to a known terminal type")
        }
        self.screen = screen
        credsync_setup_input(Terminal.escapeDelayMs)
        var colors = 0
        var canChange = false
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(credsync_colors())
            canChange = can_change_color()
        }
        colorDepth = ColorDepth.detect(environment: environment, colors: colors, canChangeColor: canChange)
        var rows: Int32 = 0
        var columns: Int32 = 0
        credsync_getmaxyx(credsync_stdscr(), &rows, &columns)
        size = Size(width: Int(columns), height: Int(rows))
    }

    /// The signal (SIGINT, SIGTERM, SIGHUP) that asked the program to stop, if one came.
    public var pendingSignal: Int32? {
        let signal = credsync_pending_signal()
        return signal == 0 ? nil : signal
    }

    /// Uses `theme` from the next frame on, which is drawn in full.
    public func apply(_ theme: Theme) {
        let palette = TerminalPalette(theme: theme, depth: colorDepth, availableColors: Int(credsync_colors()))
        usesColor = palette.usesColor
        if usesColor {
            for definition in palette.definitions {
                func scale(_ component: UInt8) -> Int32 { Int32(component) * 1000 / 255 }
                _ = credsync_init_color(
                    Int32(definition.index), scale(definition.color.red), scale(definition.color.green),
                    scale(definition.color.blue))
            }
        }
        for role in StyleRole.allCases {
            guard let pair = palette.pairs[role] else { continue }
            if usesColor {
                _ = credsync_init_pair(Int32(role.pairNumber), Int32(pair.foreground), Int32(pair.background))
            }
            var attribute: attr_t = 0
            if pair.bold { attribute |= credsync_attr_bold() }
            if pair.reverse { attribute |= credsync_attr_reverse() }
            if pair.dim { attribute |= credsync_attr_dim() }
            if pair.underline { attribute |= credsync_attr_underline() }
            attributes[role.pairNumber] = attribute
        }
        lastFrame = nil
    }

    /// Copies the cells of `buffer` that differ from the last frame to the screen, then refreshes it.
    public func draw(_ buffer: Buffer) {
        let diff = BufferDiff(from: lastFrame, to: buffer)
        if diff.isFullRedraw {
            erase()
            credsync_clearok()
        }
        var scalars: [UInt32] = []
        for change in diff.changes where !change.cell.isContinuation {
            let cell = change.cell
            var attribute = attributes[cell.role.pairNumber]
            if cell.bold { attribute |= credsync_attr_bold() }
            if cell.reverse { attribute |= credsync_attr_reverse() }
            scalars.removeAll(keepingCapacity: true)
            scalars.append(contentsOf: cell.character.unicodeScalars.lazy.map(\.value))
            _ = credsync_put_scalars(
                Int32(change.y), Int32(change.x), scalars, Int32(scalars.count), attribute,
                usesColor ? Int16(cell.role.pairNumber) : 0)
        }
        lastFrame = buffer
        // Where the operator types, or no cursor at all.
        credsync_place_cursor(Int32(buffer.cursor?.y ?? -1), Int32(buffer.cursor?.x ?? 0))
        refresh()
    }

    /// The next key or resize, waiting at most `timeoutMs`; nil when nothing came. With `wakeDescriptor`, also
    /// returns nil as soon as that descriptor is readable (a message for the UI thread), so the wait can be long.
    public func nextEvent(timeoutMs: Int, wakeDescriptor: Int32 = -1) -> TerminalEvent? {
        guard wakeDescriptor >= 0 else { return readEvent(waitMs: timeoutMs) }
        // ncurses may already hold keys it read with an earlier one (typeahead): those first.
        if let event = readEvent(waitMs: 0) { return event }
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // A signal (resize, quit) interrupts the wait; then ask ncurses, which reports a resize as a key.
        let ready = poll(&descriptors, 2, Int32(clamping: timeoutMs))
        if ready > 0, descriptors[0].revents == 0 { return nil }
        return readEvent(waitMs: 0)
    }

    private func readEvent(waitMs: Int) -> TerminalEvent? {
        credsync_timeout(Int32(clamping: waitMs))
        var value: UInt32 = 0
        let result = credsync_get_wch(&value)
        if result == ERR {
            // A timeout is the usual reason; a closed terminal answers ERR at once, for ever. Ask the descriptor.
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return .hangup
            }
            return nil
        }
        if result == KEY_CODE_YES { return keyCode(Int32(bitPattern: value)) }
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 12:
            lastFrame = nil  // ctrl-L: repaint everything
            return nil
        case 1...26:
            return Unicode.Scalar(value + 96).map { .key(.control(Character($0))) }
        case ..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private func keyCode(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_UP: .key(.up)
        case KEY_DOWN: .key(.down)
        case KEY_LEFT: .key(.left)
        case KEY_RIGHT: .key(.right)
        case KEY_PPAGE: .key(.pageUp)
        case KEY_NPAGE: .key(.pageDown)
        case KEY_HOME: .key(.home)
        case KEY_END: .key(.end)
        case KEY_BTAB: .key(.backTab)
        case KEY_ENTER: .key(.enter)
        case KEY_BACKSPACE: .key(.backspace)
        case KEY_DC: .key(.delete)
        case credsync_key_resize(): resized()
        default: nil
        }
    }

    private func resized() -> TerminalEvent {
        var rows: Int32 = 0
        var columns: Int32 = 0
        credsync_getmaxyx(credsync_stdscr(), &rows, &columns)
        size = Size(width: Int(columns), height: Int(rows))
        lastFrame = nil
        return .resize(size)
    }

    /// Ends curses mode and gives the terminal back as it was; safe to call twice.
    public func close() {
        guard let screen else { return }
        endwin()
        delscreen(screen)
        self.screen = nil
    }

    deinit { close() }
}

@available(*, unavailable)
extension Terminal: Sendable {}

/// Runs `body` with the terminal in curses mode and always restores it: on return, on a throw, and on SIGINT,
/// SIGTERM or SIGHUP (the first sets `Terminal.pendingSignal` for the loop to stop; a second restores the terminal
/// and exits at once). ncurses keeps its own SIGTSTP and SIGWINCH handling (ctrl-Z suspends and resumes cleanly;
/// a resize arrives as a key).
public func withTerminal<Result>(
    environment: [String: String] = ProcessInfo.processInfo.environment, _ body: (Terminal) throws -> Result
) throws -> Result {
    setlocale(LC_ALL, "")
    credsync_install_signal_handlers()
    defer { credsync_restore_signal_handlers() }
    let terminal = try Terminal(environment: environment)
    defer { terminal.close() }
    return try body(terminal)
}
