import CredSyncCore
import Foundation

/// This process's one alert sink, built from the settings on first use and shared by every copy of the
/// `CommandEnvironment`: the operations, the engine and the dashboard post through it, and `CommandLineTool` flushes
/// it before the process exits.
final class ProcessAlertSink: @unchecked Sendable {
    /// How long a command waits on exit for its alerts to be delivered before giving them up.
    static let flushTimeoutSeconds = 5.0

    private let lock = NSLock()
    private var sink: AlertSink?

    /// The sink, built by `AlertSink.configured(by:log:)` the first time.
    func sink(settings: Settings, log: EngineLog) -> AlertSink {
        lock.withLock {
            if let sink { return sink }
            let built = AlertSink.configured(by: settings, log: log)
            sink = built
            return built
        }
    }

    /// Delivers or gives up what is queued, within `flushTimeoutSeconds`; nothing to do when no sink was built.
    func flush() {
        lock.withLock { sink }?.flush(timeoutSeconds: Self.flushTimeoutSeconds)
    }
}
