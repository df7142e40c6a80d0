/// Exponential backoff with jitter: `base × 2^(attempt−1)`, spread by up to ±`jitterFraction` so that jobs that failed
/// together do not retry together.
public struct Backoff: Sendable, Equatable {
    public var baseSeconds: Int
    public var jitterFraction: Double
    /// The longest single delay, so a high attempt count cannot overflow or wait for days.
    public var capSeconds: Int

    public init(baseSeconds: Int = 30, jitterFraction: Double = 0.2, capSeconds: Int = 6 * 3600) {
        precondition(baseSeconds > 0 && jitterFraction >= 0 && jitterFraction < 1 && capSeconds >= baseSeconds)
        self.baseSeconds = baseSeconds
        self.jitterFraction = jitterFraction
        self.capSeconds = capSeconds
    }

    /// The delay before retry number `attempt` (1 after the first failure). `unitRandom` is in 0..<1; 0.5 gives the
    /// undisturbed value.
    public func delayMs(afterAttempt attempt: Int, unitRandom: Double) -> Int64 {
        precondition(attempt >= 1, "attempts count from 1")
        let exponent = min(attempt - 1, 30)
        let nominalMs = min(Double(baseSeconds) * Double(1 << exponent), Double(capSeconds)) * 1000
        let spread = 1 + jitterFraction * (2 * unitRandom - 1)
        return Int64((nominalMs * spread).rounded())
    }
}
