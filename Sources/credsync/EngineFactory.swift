import CredSyncCore
import Foundation

/// The engine every command that runs one builds: the daemon, `sync --wait` without a daemon, the dashboard.
enum EngineFactory {
    /// `secretBox` overrides the configured key (the demo's); by default the key in force, if one exists.
    static func make(
        settings: Settings, environment: CommandEnvironment, log: EngineLog, clock: any WallClock = SystemClock(),
        secretBox: SecretBox? = nil, heartbeat: @escaping @Sendable (EngineHeartbeat) -> Void = { _ in }
    ) throws -> Engine {
        let alerts = environment.alertSink(settings, log: log)
        let box = try secretBox ?? environment.existingSecretBox(settings)
        let pacers = PacerRegistry()
        let handlers: [any JobHandler] = [
            SyncJobHandler(
                policy: SyncPolicy(settings: settings), clock: clock, secretBox: box, pacers: pacers,
                alertSink: alerts.deliver, actor: environment.actor),
            TokenRefreshJobHandler(
                windowMs: Int64(settings.tokenRefreshWindowDays) * 86_400_000, clock: clock, secretBox: box,
                pacers: pacers, policy: SyncPolicy(settings: settings), actor: environment.actor, log: log,
                alertSink: alerts.deliver),
        ]
        let queuePolicy = QueuePolicy(settings: settings)
        let scheduler = SchedulerService(
            configuration: try SchedulerService.Configuration(
                settings: settings, tokenRefreshEnabled: handlers.contains { $0.kind == .tokenRefresh }),
            clock: clock, queuePolicy: queuePolicy, log: log)
        return Engine(
            configuration: Engine.Configuration(settings: settings), handlers: handlers, scheduler: scheduler, clock: clock,
            log: log, heartbeat: heartbeat)
    }
}
