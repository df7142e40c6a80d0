import CredSyncCore
import CredSyncTUI
import Foundation

/// `credsync` with no command: the dashboard, as the engine when the database's lease is free, otherwise as a
/// viewer whose actions go through the database. `credsync demo` runs the same dashboard over a demo database.
enum DashboardLauncher {
    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments)
        try parsed.expectPositionals(atMost: 0, usage: "credsync [--db PATH]")
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            print(CommandLineTool.usage)
            return 0
        }
        let settings = try environment.settings()
        return try open(settings: settings, environment: environment, secretBox: try environment.existingSecretBox(settings))
    }

    /// Runs the dashboard until the operator quits; the engine (when this process became it) stops with it.
    static func open(settings: Settings, environment: CommandEnvironment, secretBox: SecretBox?) throws -> Int32 {
        _ = try environment.openDatabase(settings)
        let clock = SystemClock()
        let log = try EngineLogFactory.make(settings: settings, mirrorToStderr: false, clock: clock)
        let engine = try EngineFactory.make(settings: settings, environment: environment, log: log, secretBox: secretBox)
        // As a viewer, keep trying for the lease on a thread of its own: when the engine quits or dies, this
        // dashboard takes over as `credsync daemon` would (stalled jobs go back to waiting, nothing runs twice).
        let takeoverDone = DispatchSemaphore(value: 0)
        let takeover = Thread {
            defer { takeoverDone.signal() }
            while true {
                do {
                    if try engine.startWhenLeaseFree() { log.info("this dashboard runs the engine") }
                    return
                } catch {
                    log.warn("the dashboard could not take the engine lease yet: \(error)")
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
        takeover.name = "credsync-takeover"
        takeover.start()
        defer {
            // Stops the engine, or the takeover loop (a start under way gives the lease back); waits for the loop.
            engine.shutdown()
            _ = takeoverDone.wait(timeout: .now() + .seconds(3))
        }
        let dataSource = SQLiteDataSource(
            configuration: SQLiteDataSource.Configuration(
                settings: settings, actor: environment.actor, secretBox: secretBox,
                alertSink: environment.alertSink(settings, log: log),
                makeSecretBox: { [environment] db in try environment.secretBox(settings, db: db) }),
            engine: engine, clock: clock)
        let app = DashboardApp(
            dataSource: dataSource, themeName: settings.theme, environment: environment.processEnvironment,
            tokenWindowDays: settings.tokenRefreshWindowDays)
        try app.run()
        return app.stopSignal.map { 128 + $0 } ?? 0
    }
}
