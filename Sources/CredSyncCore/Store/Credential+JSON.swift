extension Credential: Encodable {
    /// The fields of `credentials --json` and `export`, in order; also the CSV header of `export --format csv`.
    public static let exportFields = [
        "id", "platform", "external_id", "status", "user_id", "matched_by", "match_note", "learner_name",
        "learner_email", "learner_phone", "identifier_type", "title", "issued_at", "expires_at", "url", "updated_at",
    ]

    /// The values of `exportFields`, as text (empty for none).
    public var exportValues: [String] {
        [
            String(id), platformName, externalId, status.rawValue, userId.map(String.init) ?? "", matchedBy ?? "",
            matchNote ?? "", learnerName ?? "", learnerEmail ?? "", learnerPhone ?? "", identifierType ?? "", title ?? "",
            issuedAtMs.map(Timestamp.iso8601) ?? "", expiresAtMs.map(Timestamp.iso8601) ?? "", url.map(URLRedaction.withoutQuery) ?? "",
            Timestamp.iso8601(updatedAtMs),
        ]
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(id, forKey: Key(stringValue: "id"))
        try container.encode(userId, forKey: Key(stringValue: "user_id"))
        for (field, value) in zip(Self.exportFields, exportValues) where field != "id" && field != "user_id" {
            try container.encode(value.isEmpty ? nil : value, forKey: Key(stringValue: field))
        }
    }
}
