/// The body `ALERT_WEBHOOK_FORMAT` gives each posted alert: credsync's own JSON, the `{"text": …}` shape Slack and
/// Mattermost incoming webhooks accept, or a Teams message carrying an Adaptive Card (what a Teams "Workflows"
/// incoming webhook accepts). Pure: the same event always gives the same body.
public enum AlertWebhookFormat: String, CaseIterable, Sendable {
    case json
    case slack
    case teams

    /// The body of one post for `event`.
    public func payload(_ event: AlertEvent) -> String {
        switch self {
        case .json: Self.jsonPayload(event)
        case .slack: JSONValue.object(["text": .string(Self.slackText(event))]).serialized
        case .teams: Self.teamsPayload(event)
        }
    }

    /// The cause as one line of at most `limit` characters: the message up to its first line break.
    static func cause(_ alert: Alert, limit: Int = 300) -> String {
        let line = alert.message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    /// "raised" or "resolved", the platform (or "all platforms") and the kind, as the headline of a chat message.
    static func headline(_ event: AlertEvent) -> String {
        let platform = event.alert.platformName ?? "all platforms"
        return "credsync alert \(event.change.rawValue): \(event.alert.kind.rawValue) on \(platform)"
    }

    // MARK: - Bodies

    private static func jsonPayload(_ event: AlertEvent) -> String {
        let alert = event.alert
        var object: JSONObject = [
            "event": .string(event.change.rawValue), "kind": .string(alert.kind.rawValue),
            "message": .string(alert.message), "raised_at": .string(Timestamp.iso8601(alert.raisedAtMs)),
            "source": .string("credsync"),
        ]
        object["platform"] = alert.platformName.map(JSONValue.string) ?? .null
        object["resolved_at"] = alert.resolvedAtMs.map { .string(Timestamp.iso8601($0)) } ?? .null
        return JSONValue.object(object).serialized
    }

    /// One line for Slack's `text`: an emoji by change, the headline in bold, the cause. `&`, `<` and `>` are
    /// escaped as Slack's message formatting asks, so platform text cannot ping a channel or forge a link.
    static func slackText(_ event: AlertEvent) -> String {
        let mark = event.change == .raised ? ":rotating_light:" : ":white_check_mark:"
        return "\(mark) *\(slackEscaped(headline(event)))* — \(slackEscaped(cause(event.alert)))"
    }

    private static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A `message` whose one attachment is an Adaptive Card 1.4: the headline (red when raised, green when
    /// resolved), the cause, and facts for platform, kind and times.
    private static func teamsPayload(_ event: AlertEvent) -> String {
        let alert = event.alert
        var facts: [JSONValue] = [
            fact("Platform", alert.platformName ?? "all platforms"), fact("Kind", alert.kind.rawValue),
            fact("Raised", Timestamp.iso8601(alert.raisedAtMs)),
        ]
        if let resolved = alert.resolvedAtMs { facts.append(fact("Resolved", Timestamp.iso8601(resolved))) }
        let card: JSONObject = [
            "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"),
            "type": .string("AdaptiveCard"), "version": .string("1.4"),
            "body": .array([
                .object([
                    "type": .string("TextBlock"), "text": .string(headline(event)), "weight": .string("Bolder"),
                    "size": .string("Medium"), "wrap": .bool(true),
                    "color": .string(event.change == .raised ? "Attention" : "Good"),
                ]),
                .object(["type": .string("TextBlock"), "text": .string(cause(alert)), "wrap": .bool(true)]),
                .object(["type": .string("FactSet"), "facts": .array(facts)]),
            ]),
        ]
        let message: JSONObject = [
            "type": .string("message"),
            "attachments": .array([
                .object([
                    "contentType": .string("application/vnd.microsoft.card.adaptive"), "contentUrl": .null,
                    "content": .object(card),
                ])
            ]),
        ]
        return JSONValue.object(message).serialized
    }

    private static func fact(_ title: String, _ value: String) -> JSONValue {
        .object(["title": .string(title), "value": .string(value)])
    }
}
