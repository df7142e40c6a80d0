import Foundation

/// The running engine's effective state, published in the database (`settings`, key `engine.status`) by its
/// housekeeping thread whenever it changes, so viewers show the engine's cron, time zone and workers rather than
/// their own settings.
public struct EngineStatus: Sendable, Equatable, Codable {
    public var holder: String
    public var pid: Int32
    public var host: String
    public var workersTotal: Int
    public var workersBusy: Int
    public var scheduler: SchedulerStatus?

    public init(holder: String, pid: Int32, host: String, workersTotal: Int, workersBusy: Int, scheduler: SchedulerStatus?)
    {
        self.holder = holder
        self.pid = pid
        self.host = host
        self.workersTotal = workersTotal
        self.workersBusy = workersBusy
        self.scheduler = scheduler
    }

    /// Writes `self` unless it equals what is stored; returns whether it wrote.
    @discardableResult
    public func publish(db: Connection, nowMs: Int64) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(self), as: UTF8.self)
        let store = SettingsStore(db: db)
        guard try store.value(SettingKey.engineStatus) != text else { return false }
        try store.set(SettingKey.engineStatus, text, nowMs: nowMs)
        return true
    }

    /// The status the engine holding `lease` published; nil when none, or when it is an older holder's.
    public static func published(db: Connection, lease: EngineLease) throws -> EngineStatus? {
        guard let text = try SettingsStore(db: db).value(SettingKey.engineStatus),
            let status = try? JSONDecoder().decode(EngineStatus.self, from: Data(text.utf8)),
            status.holder == lease.holder
        else { return nil }
        return status
    }
}
