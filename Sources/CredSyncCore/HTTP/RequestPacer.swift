/// Paces one platform's outbound requests: at most `requestsPerHour` in any sliding hour (`config.rateLimit`), and at
/// least `delayBetweenPagesMs` between one request and the next (`config.delayBetweenPages`).
///
/// A sliding-window log, not a token bucket: it remembers the send times of the last `requestsPerHour` requests, so
/// the limit holds exactly over every 60-minute window — a full bucket would allow a burst of `requestsPerHour` on top
/// of an hour's refill, twice what the platform allows. Memory is bounded by `requestsPerHour` timestamps.
///
/// Pure arithmetic over injected time: the caller asks `nextAllowedMs(nowMs:)`, sleeps until then, sends, and calls
/// `record(sentAtMs:)`.
public struct RequestPacer: Sendable {
    public static let windowMs: Int64 = 3_600_000

    /// Nil for no hourly limit.
    public private(set) var requestsPerHour: Int?
    public private(set) var delayBetweenPagesMs: Int64
    /// Send times in the window, oldest first, from `head` on; at most `requestsPerHour` of them matter.
    private var sentMs: [Int64] = []
    private var head = 0
    private var lastSentMs: Int64?

    /// `requestsPerHour` of nil or 0 means unlimited, as a platform without `config.rateLimit`.
    public init(requestsPerHour: Int?, delayBetweenPagesMs: Int64 = 0) {
        precondition((requestsPerHour ?? 0) >= 0 && delayBetweenPagesMs >= 0)
        self.requestsPerHour = requestsPerHour == 0 ? nil : requestsPerHour
        self.delayBetweenPagesMs = delayBetweenPagesMs
    }

    /// Applies new limits, keeping the send times already recorded, so an operator's edit takes effect from the
    /// next request without forgetting what was sent.
    public mutating func reconfigure(requestsPerHour: Int?, delayBetweenPagesMs: Int64) {
        precondition((requestsPerHour ?? 0) >= 0 && delayBetweenPagesMs >= 0)
        self.requestsPerHour = requestsPerHour == 0 ? nil : requestsPerHour
        self.delayBetweenPagesMs = delayBetweenPagesMs
    }

    /// The earliest moment the next request may be sent: `nowMs` when it may go at once.
    public mutating func nextAllowedMs(nowMs: Int64) -> Int64 {
        var allowed = nowMs
        if let lastSentMs { allowed = max(allowed, lastSentMs + delayBetweenPagesMs) }
        guard let limit = requestsPerHour else { return allowed }
        prune(nowMs: nowMs)
        let inWindow = sentMs.count - head
        if inWindow >= limit { allowed = max(allowed, sentMs[sentMs.count - limit] + Self.windowMs) }
        return allowed
    }

    /// How long to wait before the next request, 0 when it may go now.
    public mutating func waitMs(nowMs: Int64) -> Int64 {
        nextAllowedMs(nowMs: nowMs) - nowMs
    }

    /// Counts a request sent at `sentAtMs`.
    public mutating func record(sentAtMs: Int64) {
        lastSentMs = max(lastSentMs ?? sentAtMs, sentAtMs)
        guard let limit = requestsPerHour else { return }
        if let last = sentMs.last, sentAtMs < last {
            // A clock that stepped back: keep the log ordered.
            let index = sentMs[head...].firstIndex { $0 > sentAtMs } ?? sentMs.count
            sentMs.insert(sentAtMs, at: index)
        } else {
            sentMs.append(sentAtMs)
        }
        // Only the newest `limit` send times can ever decide the next slot.
        if sentMs.count - head > limit { head = sentMs.count - limit }
        compact()
    }

    /// Requests counted in the hour before `nowMs`; always 0 without an hourly limit, which keeps no log.
    public mutating func sentInWindow(nowMs: Int64) -> Int {
        prune(nowMs: nowMs)
        return sentMs.count - head
    }

    private mutating func prune(nowMs: Int64) {
        while head < sentMs.count, sentMs[head] <= nowMs - Self.windowMs { head += 1 }
        compact()
    }

    private mutating func compact() {
        if head > 64, head * 2 > sentMs.count {
            sentMs.removeFirst(head)
            head = 0
        }
    }
}
