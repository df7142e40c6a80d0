import CredSyncCore
import Foundation

/// `credsync daemon`: the engine without a dashboard. Waits for the engine lease if another process holds it,
/// logs to stderr and the log file, and shuts down gracefully on SIGINT/SIGTERM (a second signal exits at once).
/// Under systemd (`NOTIFY_SOCKET` set) it reports readiness, status, watchdog keep-alives and stopping; with
/// `METRICS_TEXTFILE` set it rewrites the metrics there every `METRICS_INTERVAL_SECONDS`.
enum DaemonCommand {
    static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
        let parsed = try Arguments(arguments)
        try parsed.expectPositionals(atMost: 0, usage: "credsync daemon")
        let settings = try environment.settings()
        let clock = SystemClock()
        let log = try EngineLogFactory.make(settings: settings, mirrorToStderr: true, clock: clock)
        // Fail fast, with the store's one-line error, before any thread starts.
        _ = try environment.openDatabase(settings)

        let notifier = SystemdNotifier(environment: environment.processEnvironment)
        let engine = try EngineFactory.make(
            settings: settings, environment: environment, log: log, clock: clock,
            heartbeat: { beat in notifier?.heartbeat(beat, nowMs: clock.nowMs) })

        let alerts = environment.alertSink(settings, log: log)
        let metrics = settings.metricsTextfile.map { path in
            MetricsTextfile(
                path: path, intervalMs: Int64(settings.metricsIntervalSeconds) * 1_000, clock: clock, log: log,
                openConnection: { try Database.open(path: settings.databasePath, clock: clock) },
                process: { CredSyncMetrics.webhookFamilies(alerts.counter.counts) })
        }

        let stopped = DispatchSemaphore(value: 0)
        let leaseLost = LeaseLostFlag()
        engine.onLeaseLost {
            leaseLost.set()
            notifier?.stopping()
            metrics?.stop()
            stopped.signal()
        }
        let trap = SignalTrap { signalNumber in
            log.info("signal \(signalNumber): stopping; jobs in progress commit their page and go back to waiting")
            notifier?.stopping()
            engine.shutdown()
            metrics?.stop()
            stopped.signal()
        }
        metrics?.start()
        log.info("credsync \(CredSync.version) daemon on \(settings.databasePath)")
        guard try engine.startWhenLeaseFree() else {
            withExtendedLifetime(trap) { stopped.wait() }
            return 0
        }
        withExtendedLifetime(trap) { stopped.wait() }
        // Another engine runs now: exit non-zero, so a supervisor (systemd's Restart=) starts a waiting daemon again.
        return leaseLost.isSet ? 1 : 0
    }
}

/// Set once when the engine lost its lease.
private final class LeaseLostFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
