/// Where raised and resolved alerts go once their transaction commits: the webhook when `ALERT_WEBHOOK_URL` is
/// set. One sink per process, built from the settings, handed to the engine and to every operation alike, so an
/// alert reaches the receiver whoever caused it — a worker, `credsync tokens refresh` or the dashboard's `r`.
public struct AlertSink: Sendable {
    public let deliver: @Sendable ([AlertEvent]) -> Void

    public init(_ deliver: @escaping @Sendable ([AlertEvent]) -> Void) {
        self.deliver = deliver
    }

    /// Drops every event (tests, and processes without a webhook).
    public static let none = AlertSink { _ in }

    /// Posts to `settings.alertWebhookURL` when it is set, logging failures to `log`.
    public static func configured(by settings: Settings, log: EngineLog) -> AlertSink {
        guard let url = settings.alertWebhookURL else { return .none }
        let webhook = AlertWebhook(url: url.absoluteString, log: log)
        return AlertSink { webhook.post($0) }
    }
}
