import Foundation

/// The dashboard program: the UI loop on the calling thread (the only one that touches ncurses), a thread that
/// refreshes the snapshot, and a serial queue that performs commands. The UI thread never waits on the data
/// source: it waits for a key or a message in the mailbox until the next moment something on screen changes by
/// itself (the next whole second while a countdown or elapsed time shows seconds — `WakeSchedule`), picks up what
/// the others posted, and redraws only when what is on screen changed: panes whose inputs did not change are
/// copied from the `PaneCache`, and only the cells that changed go to the terminal.
public final class DashboardApp {
    private let dataSource: any DashboardDataSource
    private let themeName: String?
    private let environment: [String: String]
    private let tokenWindowMs: Int64
    /// How often the snapshot is read while a job runs (its progress moves), and otherwise.
    public var activeRefreshMs = 250
    public var idleRefreshMs = 1_000
    /// The signal that ended `run()`, if one did (SIGINT, SIGTERM, SIGHUP): the caller shuts down as for `q`.
    public private(set) var stopSignal: Int32?

    /// - Parameters:
    ///   - themeName: the theme to start with (`CREDSYNC_THEME`); nil for `default`. `NO_COLOR` forces `mono`.
    ///   - environment: read for `NO_COLOR`, `COLORTERM`, `TERM` and `XDG_CONFIG_HOME`.
    ///   - tokenWindowDays: `TOKEN_REFRESH_WINDOW_DAYS`, for the Tokens pane's colours.
    public init(
        dataSource: any DashboardDataSource, themeName: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, tokenWindowDays: Int = 7
    ) {
        self.dataSource = dataSource
        self.themeName = themeName
        self.environment = environment
        tokenWindowMs = Int64(tokenWindowDays) * 86_400_000
    }

    /// Runs the dashboard until `q` (confirmed when jobs run) or a signal; the terminal is restored either way.
    /// Throws `TerminalError` when there is no usable terminal.
    public func run() throws {
        let library = ThemeLibrary.standard(environment: environment)
        try withTerminal(environment: environment) { terminal in
            loop(terminal: terminal, library: library)
        }
    }

    private func loop(terminal: Terminal, library: ThemeLibrary) {
        let mailbox = Mailbox()
        let refresher = SnapshotRefresher(
            dataSource: dataSource, mailbox: mailbox, activeIntervalMs: activeRefreshMs, idleIntervalMs: idleRefreshMs)
        let commandQueue = DispatchQueue(label: "credsync.dashboard.commands")
        let commandsInFlight = DispatchGroup()
        refresher.start()
        defer {
            refresher.stop()
            _ = commandsInFlight.wait(timeout: .now() + 2)
        }

        let monochrome = terminal.colorDepth == .mono
        let names = monochrome ? ["mono"] : library.names
        let requested = monochrome ? "mono" : themeName ?? "default"
        var model = DashboardModel(
            size: terminal.size, themeNames: names, themeIndex: names.firstIndex(of: requested) ?? 0,
            tokenWindowMs: tokenWindowMs)
        model = DashboardUpdate.update(model, .tick(nowMs: Self.nowMs())).0
        var problems = library.problems
        if !names.contains(requested) { problems.append("no theme named \"\(requested)\"; using \(model.themeName)") }
        if let problem = problems.first { model.show(problem, isError: true) }

        let dataSource = self.dataSource
        func perform(_ commands: [DashboardCommand]) {
            for command in commands {
                commandQueue.async(group: commandsInFlight) {
                    let result = dataSource.perform(command)
                    mailbox.postResult(.commandFinished(command, result))
                    refresher.refreshNow()
                }
            }
        }
        func apply(_ action: Action) {
            let (next, commands) = DashboardUpdate.update(model, action)
            model = next
            refresher.want(model.windows)
            perform(commands)
        }

        var appliedTheme: Int?
        var drawn: DashboardModel?
        let cache = PaneCache()
        while !model.shouldQuit {
            if let signal = terminal.pendingSignal {
                stopSignal = signal
                return
            }
            for action in mailbox.take() { apply(action) }
            let now = Self.nowMs()
            apply(.tick(nowMs: now))
            model = Self.showingClock(model, nowMs: now)
            if appliedTheme != model.themeIndex {
                terminal.apply(library.theme(named: model.themeName) ?? (monochrome ? .builtInMono : .builtInDefault))
                appliedTheme = model.themeIndex
                drawn = nil
            }
            if let drawn, Self.sameScreen(drawn, model) {
                // nothing on screen changed
            } else {
                terminal.draw(DashboardView.render(model, size: terminal.size, cache: cache))
                drawn = model
            }
            let timeoutMs = WakeSchedule.timeoutMs(model, nowMs: Self.nowMs())
            switch terminal.nextEvent(timeoutMs: timeoutMs, wakeDescriptor: mailbox.wakeDescriptor) {
            case .key(let key)?: apply(.key(key))
            case .resize(let size)?:
                apply(.resize(size))
                drawn = nil
            case .hangup?:
                stopSignal = SIGHUP
                return
            case nil: break
            }
        }
    }

    /// `model` with its snapshot's clock set to the whole second of `nowMs`: every age and countdown on screen
    /// moves together, once a second, whenever the snapshot itself was read.
    static func showingClock(_ model: DashboardModel, nowMs: Int64) -> DashboardModel {
        let second = nowMs / 1_000 * 1_000
        guard var snapshot = model.snapshot, snapshot.nowMs != second else { return model }
        var model = model
        snapshot.nowMs = second
        model.snapshot = snapshot
        return model
    }

    /// Whether `a` and `b` draw the same screen: they differ at most in the clock kept for flashes.
    static func sameScreen(_ a: DashboardModel, _ b: DashboardModel) -> Bool {
        var a = a
        a.clockMs = b.clockMs
        return a == b
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: - Rendering without a terminal

    /// One frame for `snapshot` at `size`, as the dashboard first shows it: for the benchmark.
    public static func renderFrame(snapshot: DashboardSnapshot, size: Size) -> Buffer {
        DashboardView.render(DashboardUpdate.update(DashboardModel(size: size), .snapshot(snapshot)).0, size: size)
    }

    /// The screen as text after pressing `keys` on the first frame: for tests and quick looks.
    public static func renderText(snapshot: DashboardSnapshot, size: Size, keys: [Key] = []) -> String {
        var model = DashboardUpdate.update(DashboardModel(size: size), .snapshot(snapshot)).0
        for key in keys { model = DashboardUpdate.update(model, .key(key)).0 }
        return DashboardView.render(model, size: size).text
    }
}
