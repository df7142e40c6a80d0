import Foundation

/// Wall-clock time in Unix milliseconds, injected everywhere time matters so tests never sleep.
public protocol WallClock: Sendable {
    var nowMs: Int64 { get }
}

/// The real clock.
public struct SystemClock: WallClock {
    public init() {}

    public var nowMs: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock that moves only when told: for tests and simulations.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var currentMs: Int64

    public init(nowMs: Int64) { currentMs = nowMs }

    public var nowMs: Int64 { lock.withLock { currentMs } }

    public func advance(byMs milliseconds: Int64) { lock.withLock { currentMs += milliseconds } }

    public func set(nowMs: Int64) { lock.withLock { currentMs = nowMs } }
}
