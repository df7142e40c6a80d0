import Foundation

/// What the scheduler does: whether it runs, the cron in force (and why a saved one is ignored), the time zone and
/// the next fire times. The engine publishes its own; `credsync scheduler status` and a viewer's header show that.
public struct SchedulerStatus: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var cron: String
    /// Set when the cron saved by `scheduler start --cron` cannot be read and the configured one is used instead.
    public var cronProblem: String?
    public var timeZone: String
    public var nextRunMs: Int64?
    public var tokenRefreshCron: String
    public var nextTokenRefreshMs: Int64?
    public var lastTickMs: Int64?

    public init(
        enabled: Bool, cron: String, cronProblem: String?, timeZone: String, nextRunMs: Int64?,
        tokenRefreshCron: String, nextTokenRefreshMs: Int64?, lastTickMs: Int64?
    ) {
        self.enabled = enabled
        self.cron = cron
        self.cronProblem = cronProblem
        self.timeZone = timeZone
        self.nextRunMs = nextRunMs
        self.tokenRefreshCron = tokenRefreshCron
        self.nextTokenRefreshMs = nextTokenRefreshMs
        self.lastTickMs = lastTickMs
    }
}
