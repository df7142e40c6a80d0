/// When to retry one HTTP request (a page, a token request) before the attempt as a whole fails. Pure: the caller
/// passes the time and a random number, sleeps, and sends again.
///
/// - 429 and 503 wait as `Retry-After` asks (seconds or a date) when that fits the in-page budget,
///   `maxRetryAfterMs`; a longer wait postpones at once — even after the last retry — for the caller to delay the
///   job instead of holding a worker. Without the header they back off like other 5xx.
/// - Other 5xx, timeouts, refused connections and broken transfers back off exponentially with jitter:
///   `baseMs × 2^(n−1)`, spread by ±`jitterFraction`, never more than `capMs`.
/// - Other statuses (2xx, 3xx, 4xx) are accepted: the caller decides (401 refreshes the token, 404 fails).
/// - TLS failures, bad URLs and oversized responses give up at once: trying again cannot help.
/// - After `maxRetries` retries the next failure gives up. Waits for `Retry-After` count as retries.
public struct HTTPRetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var baseMs: Int64
    public var capMs: Int64
    public var jitterFraction: Double
    /// The in-page budget: the longest `Retry-After` a request sleeps through. A platform that asks for more gets
    /// `.postpone`, and the job waits in the queue instead (see `OutcomeClassifier`).
    public var maxRetryAfterMs: Int64
    /// The longest one request may take with its retries and waits (`SYNC_PAGE_TIMEOUT_SECONDS`): each try's
    /// timeout is cut to what is left, and a retry that would end past it gives up instead.
    public var maxTotalMs: Int64

    public init(
        maxRetries: Int = 3, baseMs: Int64 = 1_000, capMs: Int64 = 30_000, jitterFraction: Double = 0.2,
        maxRetryAfterMs: Int64 = 60_000, maxTotalMs: Int64 = 90_000
    ) {
        precondition(maxRetries >= 0 && baseMs > 0 && capMs >= baseMs && maxRetryAfterMs >= 0)
        precondition(jitterFraction >= 0 && jitterFraction < 1)
        self.maxRetries = maxRetries
        self.baseMs = baseMs
        self.capMs = capMs
        self.jitterFraction = jitterFraction
        self.maxRetryAfterMs = maxRetryAfterMs
        self.maxTotalMs = maxTotalMs
    }

    /// The decision after an attempt. `retryNumber` is the retry this decision would grant: 1 after the first
    /// attempt failed. `unitRandom` is in 0..<1; 0.5 gives the undisturbed backoff.
    public func decision(
        for result: Result<HTTPClientResponse, HTTPError>, retryNumber: Int, nowMs: Int64, unitRandom: Double
    ) -> RetryDecision {
        precondition(retryNumber >= 1, "retries count from 1")
        switch result {
        case .failure(let error):
            guard error.isTransient else { return .giveUp(reason: error.description) }
            guard retryNumber <= maxRetries else { return .giveUp(reason: "\(error.description) — \(exhausted)") }
            return .retry(afterMs: backoffMs(retryNumber: retryNumber, unitRandom: unitRandom))
        case .success(let response):
            let status = response.status
            guard status == 429 || (500...599).contains(status) else { return .accept }
            let target = "\(response.method) \(URLRedaction.withoutQuery(response.url))"
            let body = response.body.isEmpty ? "" : ": \(response.bodyPrefix(maxBytes: 80))"
            let retryAfterMs: Int64? =
                status == 429 || status == 503
                ? response.headers["Retry-After"].flatMap { RetryAfter.parse($0, nowMs: nowMs) } : nil
            if let retryAfterMs, retryAfterMs > maxRetryAfterMs { return .postpone(afterMs: retryAfterMs) }
            guard retryNumber <= maxRetries else {
                return .giveUp(reason: "\(target) answered HTTP \(status)\(body) — \(exhausted)")
            }
            return .retry(afterMs: retryAfterMs ?? backoffMs(retryNumber: retryNumber, unitRandom: unitRandom))
        }
    }

    /// `min(baseMs × 2^(n−1) × (1 ± jitterFraction), capMs)`.
    public func backoffMs(retryNumber: Int, unitRandom: Double) -> Int64 {
        let nominal = Double(baseMs) * Double(1 << min(max(retryNumber - 1, 0), 40))
        let spread = 1 + jitterFraction * (2 * unitRandom - 1)
        return min(Int64((min(nominal, Double(capMs) * 2) * spread).rounded()), capMs)
    }

    private var exhausted: String {
        "still failing after \(maxRetries) \(maxRetries == 1 ? "retry" : "retries")"
    }
}
