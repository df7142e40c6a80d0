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
        // The key is read when a job needs it: a key file created or restored later is the one in force.
        let keys = secretBox.map(SecretKeys.fixed) ?? SecretKeys { [environment] in try environment.existingSecretBox(settings) }
        _ = try keys.box()  // an unusable key file stops the engine now, naming the file
        let pacers = PacerRegistry()
        let handlers: [any JobHandler] = [
            SyncJobHandler(
                policy: SyncPolicy(settings: settings), clock: clock, keys: keys, pacers: pacers,
                alertSink: alerts.deliver, actor: environment.actor),
            TokenRefreshJobHandler(
                windowMs: Int64(settings.tokenRefreshWindowDays) * 86_400_000, clock: clock, keys: keys,
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
