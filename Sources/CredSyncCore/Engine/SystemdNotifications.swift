import Foundation

/// What the daemon tells systemd, as a value: each engine heartbeat goes in, the `sd_notify` messages to send come
/// out (`READY=1` on the first beat that runs the engine, `STATUS=` when the line changes, `WATCHDOG=1` at half of
/// `WATCHDOG_USEC`). Pure: `SystemdNotifier` sends what it returns.
public struct SystemdNotifications: Sendable {
    /// How often `WATCHDOG=1` is due (half of `WATCHDOG_USEC`); nil when systemd watches nothing.
    public let watchdogIntervalMs: Int64?
    private var isReady = false
    private var isStopping = false
    private var lastStatus: String?
    private var lastWatchdogMs: Int64?

    public init(watchdogIntervalMs: Int64?) {
        self.watchdogIntervalMs = watchdogIntervalMs
    }

    /// The messages one heartbeat calls for, each one datagram, in order. Nothing after `stopping()`.
    public mutating func messages(for beat: EngineHeartbeat, nowMs: Int64) -> [String] {
        guard !isStopping else { return [] }
        var messages: [String] = []
        let status: String?
        switch beat {
        case .running(let engineStatus):
            status = engineStatus.map { Self.statusLine($0, nowMs: nowMs) }
            if !isReady {
                isReady = true
                lastStatus = status
                messages.append(["READY=1", status.map { "STATUS=\($0)" }].compactMap { $0 }.joined(separator: "\n"))
            }
        case .waiting(let lease):
            status = "waiting: another engine (pid \(lease.pid) on \(lease.host)) holds the database lease"
        }
        if let status, status != lastStatus {
            lastStatus = status
            messages.append("STATUS=\(status)")
        }
        if let interval = watchdogIntervalMs, lastWatchdogMs.map({ nowMs - $0 >= interval }) ?? true {
            lastWatchdogMs = nowMs
            messages.append("WATCHDOG=1")
        }
        return messages
    }

    /// The message that tells systemd the daemon is shutting down; later heartbeats send nothing.
    public mutating func stopping() -> [String] {
        guard !isStopping else { return [] }
        isStopping = true
        return ["STOPPING=1\nSTATUS=stopping: jobs in progress commit their page and go back to waiting"]
    }

    /// `3/5 workers busy · next run 02:00`: the workers and the scheduler's next run in its time zone (with the
    /// date when it is more than a day away).
    public static func statusLine(_ status: EngineStatus, nowMs: Int64) -> String {
        let workers = "\(status.workersBusy)/\(status.workersTotal) workers busy"
        guard let scheduler = status.scheduler, scheduler.enabled else { return "\(workers) · scheduler stopped" }
        guard let nextMs = scheduler.nextRunMs else { return "\(workers) · no next run" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: scheduler.timeZone) ?? TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: Double(nextMs) / 1000))
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let time = "\(two(parts.hour)):\(two(parts.minute))"
        let day = nextMs - nowMs < 86_400_000 ? "" : "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) "
        return "\(workers) · next run \(day)\(time)"
    }
}
