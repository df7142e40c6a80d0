import Foundation

/// Posts raised and resolved alerts to `ALERT_WEBHOOK_URL` in `ALERT_WEBHOOK_FORMAT`, from a thread of its own:
/// `post` only queues the events, so neither a worker nor an operator's command waits on the receiver.
///
/// The thread — started when alerts arrive, ended when the queue is empty — posts them one at a time, in order. A
/// post that fails (no answer, or not 2xx) is tried again after each of `retryDelaysMs` (1 s, 2 s, 4 s by default);
/// an event whose every try failed is logged and counted as failed. `flush(timeoutSeconds:)` waits for the queue to
/// empty; when it times out, what is left is given up (logged and counted) so a command can exit.
public final class AlertWebhook: @unchecked Sendable {
    public let url: String
    public let format: AlertWebhookFormat
    public let counter: AlertDeliveryCounter
    private let log: EngineLog
    private let retryDelaysMs: [Int64]
    private let options: HTTPClient.Options
    /// Waits between tries; nil waits on the condition, so a flush that gives up cuts the wait short.
    private let sleep: (@Sendable (Int64) -> Void)?

    private let condition = NSCondition()
    private var queue: [AlertEvent] = []
    /// An event is being posted (taken off `queue`, not yet delivered or given up).
    private var posting = false
    private var givingUp = false
    /// The posting thread runs; it ends when the queue is empty.
    private var threadStarted = false

    public init(
        url: String, format: AlertWebhookFormat = .json, log: EngineLog,
        counter: AlertDeliveryCounter = AlertDeliveryCounter(),
        retryDelaysMs: [Int64] = [1_000, 2_000, 4_000],
        options: HTTPClient.Options = HTTPClient.Options(connectTimeoutMs: 5_000, timeoutMs: 10_000),
        sleep: (@Sendable (Int64) -> Void)? = nil
    ) {
        self.url = url
        self.format = format
        self.log = log
        self.counter = counter
        self.retryDelaysMs = retryDelaysMs
        self.options = options
        self.sleep = sleep
    }

    /// The JSON body of one post (`ALERT_WEBHOOK_FORMAT=json`).
    public static func payload(_ event: AlertEvent) -> String { AlertWebhookFormat.json.payload(event) }

    /// Queues `events` for the posting thread (started when none runs) and returns at once.
    public func post(_ events: [AlertEvent]) {
        guard !events.isEmpty else { return }
        condition.withLock {
            queue.append(contentsOf: events)
            givingUp = false
            if !threadStarted {
                threadStarted = true
                let thread = Thread { [self] in run() }
                thread.name = "credsync-alert-webhook"
                thread.start()
            }
            condition.broadcast()
        }
    }

    /// Waits until every queued event was delivered or given up, at most `timeoutSeconds`; then gives up what is
    /// left. Returns whether the queue emptied in time.
    @discardableResult
    public func flush(timeoutSeconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        return condition.withLock {
            while !queue.isEmpty || posting {
                guard condition.wait(until: deadline) else {
                    givingUp = true
                    let left = queue.count + (posting ? 1 : 0)
                    if left > 0 {
                        log.warn("alert webhook: gave up \(left) undelivered alert(s) on exit")
                        counter.record { $0.failed += queue.count }
                    }
                    queue.removeAll()
                    condition.broadcast()
                    return false
                }
            }
            return true
        }
    }

    // MARK: - The posting thread

    /// Posts until the queue is empty, then ends; the next `post` starts a new thread.
    private func run() {
        let client = HTTPClient(options: options)
        while true {
            let next: AlertEvent? = condition.withLock {
                guard !queue.isEmpty else {
                    threadStarted = false
                    return nil
                }
                posting = true
                return queue.removeFirst()
            }
            guard let event = next else { return }
            deliver(event, client: client)
            condition.withLock {
                posting = false
                condition.broadcast()
            }
        }
    }

    /// Posts one event, retrying after each delay; counts and logs the outcome.
    private func deliver(_ event: AlertEvent, client: HTTPClient) {
        let body = Array(format.payload(event).utf8)
        // A webhook URL carries its token in the path (Slack, Teams): only the scheme and host are logged.
        let shownURL = Settings.descriptor(named: "ALERT_WEBHOOK_URL")?.shown(url) ?? "(the webhook)"
        var problem = ""
        for (index, delayMs) in ([0] + retryDelaysMs).enumerated() {
            if index > 0 {
                counter.record { $0.retries += 1 }
                wait(delayMs)
            }
            if condition.withLock({ givingUp }) { break }
            do {
                let response = try client.send(.postJSON(url, body: body))
                if (200...299).contains(response.status) {
                    counter.record { $0.delivered += 1 }
                    return
                }
                problem = "answered HTTP \(response.status)"
            } catch {
                // An `HTTPError`, whose text holds the URL, whose path is the webhook's secret at Slack and Teams.
                problem = "failed: \(error.kind)"
            }
            log.warn("alert webhook \(shownURL) \(problem) (try \(index + 1) of \(retryDelaysMs.count + 1))")
        }
        counter.record { $0.failed += 1 }
        log.error(
            "alert webhook \(shownURL): gave up the \(event.alert.kind.rawValue) alert (\(event.change.rawValue)) "
                + "after \(problem); check ALERT_WEBHOOK_URL and the receiver")
    }

    private func wait(_ delayMs: Int64) {
        if let sleep { return sleep(delayMs) }
        let deadline = Date(timeIntervalSinceNow: Double(delayMs) / 1000)
        condition.withLock {
            while !givingUp, condition.wait(until: deadline) {}
        }
    }
}
