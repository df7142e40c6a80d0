/// Posts raised and resolved alerts as JSON to `ALERT_WEBHOOK_URL`. Called on the worker thread after the commit;
/// a failed post is logged and never fails the sync.
public struct AlertWebhook: Sendable {
    public let url: String
    public let log: EngineLog

    public init(url: String, log: EngineLog) {
        self.url = url
        self.log = log
    }

    /// The body of one post.
    public static func payload(_ event: AlertEvent) -> String {
        let alert = event.alert
        var object: JSONObject = [
            "event": .string(event.change.rawValue), "kind": .string(alert.kind.rawValue), "message": .string(alert.message),
            "raised_at": .string(Timestamp.iso8601(alert.raisedAtMs)), "source": .string("credsync"),
        ]
        object["platform"] = alert.platformName.map(JSONValue.string) ?? .null
        object["resolved_at"] = alert.resolvedAtMs.map { .string(Timestamp.iso8601($0)) } ?? .null
        return JSONValue.object(object).serialized
    }

    public func post(_ events: [AlertEvent]) {
        guard !events.isEmpty else { return }
        let client = HTTPClient(options: HTTPClient.Options(connectTimeoutMs: 5_000, timeoutMs: 10_000))
        for event in events {
            do {
                let response = try client.send(.postJSON(url, body: Array(Self.payload(event).utf8)))
                if !(200...299).contains(response.status) {
                    log.warn("alert webhook \(URLRedaction.withoutQuery(url)) answered HTTP \(response.status)")
                }
            } catch {
                log.warn("alert webhook failed: \(error)")
            }
        }
    }
}
