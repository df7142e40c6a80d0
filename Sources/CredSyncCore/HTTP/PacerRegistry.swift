import Foundation

/// One `RequestPacer` per platform for the life of the engine, shared by its workers, so a platform's
/// `rateLimit` holds across runs and retries.
public final class PacerRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var pacers: [Int64: RequestPacer] = [:]

    public init() {}

    /// Reserves the next request slot for `platform` and returns how long to wait before sending (0: at once).
    public func reserve(platform: PlatformDefinition, id: Int64, nowMs: Int64) -> Int64 {
        lock.withLock {
            var pacer =
                pacers[id]
                ?? RequestPacer(
                    requestsPerHour: platform.rateLimitPerHour, delayBetweenPagesMs: Int64(platform.delayBetweenPagesMs))
            let sendAt = max(nowMs, pacer.nextAllowedMs(nowMs: nowMs))
            pacer.record(sentAtMs: sendAt)
            pacers[id] = pacer
            return sendAt - nowMs
        }
    }

    /// Forgets a platform's pacer, after its definition changed.
    public func reset(platformId: Int64) {
        lock.withLock { _ = pacers.removeValue(forKey: platformId) }
    }
}
