import Foundation

/// One `RequestPacer` per platform for the life of the engine, shared by its workers, so a platform's
/// `rateLimit` holds across runs and retries.
public final class PacerRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var pacers: [Int64: RequestPacer] = [:]

    public init() {}

    /// Reserves the next request slot for platform `id` paced by `settings` and returns how long to wait before
    /// sending (0: at once). A changed rate limit or delay applies at once; the requests already sent still count.
    public func reserve(settings: PlatformSettings, id: Int64, nowMs: Int64) -> Int64 {
        lock.withLock {
            let delayMs = Int64(settings.delayBetweenPagesMs)
            var pacer =
                pacers[id] ?? RequestPacer(requestsPerHour: settings.rateLimitPerHour, delayBetweenPagesMs: delayMs)
            pacer.reconfigure(requestsPerHour: settings.rateLimitPerHour, delayBetweenPagesMs: delayMs)
            let sendAt = max(nowMs, pacer.nextAllowedMs(nowMs: nowMs))
            pacer.record(sentAtMs: sendAt)
            pacers[id] = pacer
            return sendAt - nowMs
        }
    }
}
