/// Where raised and resolved alerts go once their transaction commits: the webhook when `ALERT_WEBHOOK_URL` is
/// set. One sink per process, built from the settings, handed to the engine and to every operation alike, so an
/// alert reaches the receiver whoever caused it — a worker, `credsync tokens refresh` or the dashboard's `r`.
///
/// `deliver` never blocks on the receiver: the webhook posts from a thread of its own. A process that exits soon
/// after an operation calls `flush(timeoutSeconds:)` first, so its alerts are delivered or given up.
public struct AlertSink: Sendable {
    public let deliver: @Sendable ([AlertEvent]) -> Void
    /// Deliveries, retries and failures of this sink's posts (all zero for a sink that posts nothing).
    public let counter: AlertDeliveryCounter
    private let flushBody: @Sendable (Double) -> Bool

    public init(
        counter: AlertDeliveryCounter = AlertDeliveryCounter(),
        flush: @escaping @Sendable (Double) -> Bool = { _ in true },
        _ deliver: @escaping @Sendable ([AlertEvent]) -> Void
    ) {
        self.deliver = deliver
        self.counter = counter
        flushBody = flush
    }

    /// Drops every event (tests, and processes without a webhook).
    public static let none = AlertSink { _ in }

    /// Posts to `settings.alertWebhookURL` in `settings.alertWebhookFormat` when a URL is set, logging failures to
    /// `log`.
    public static func configured(by settings: Settings, log: EngineLog) -> AlertSink {
        guard let url = settings.alertWebhookURL else { return .none }
        return AlertSink(AlertWebhook(url: url.absoluteString, format: settings.alertWebhookFormat, log: log))
    }

    /// A sink over `webhook`.
    public init(_ webhook: AlertWebhook) {
        self.init(counter: webhook.counter, flush: { webhook.flush(timeoutSeconds: $0) }) { webhook.post($0) }
    }

    /// Waits at most `timeoutSeconds` for queued alerts to be delivered, then gives up the rest; true when nothing
    /// was left.
    @discardableResult
    public func flush(timeoutSeconds: Double) -> Bool { flushBody(timeoutSeconds) }
}
