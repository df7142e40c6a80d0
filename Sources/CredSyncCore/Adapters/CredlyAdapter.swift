/// The `credly` contract (SPEC §11): Credly's issued-badges API with HTTP Basic auth (the organisation's token as
/// user name).
///
/// `GET {base}/v1/organizations/{config.organizationId}/badges?page=1[&filter=updated_at_min::T]`, then
/// `metadata.next_page_url` until it is null. The cursor is that URL.
public struct CredlyAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "credly", summary: "Credly issued badges: Basic auth with the organisation token, next_page_url",
        authTypes: [.basic], configKeys: ["organizationId"], make: { try CredlyAdapter(definition: $0) })

    public let badgesURL: String

    /// Needs `config.organizationId` (Credly's organisation UUID).
    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        try definition.requireHTTPBaseURL(adapter: "credly")
        let config = AdapterConfigReader(adapter: "credly", object: definition.config)
        let organizationId = try config.requiredString("organizationId")
        guard organizationId.utf8.allSatisfy(Self.isPathSafe) else {
            throw config.error("organizationId", "must hold only letters, digits, '-' and '_'")
        }
        badgesURL = definition.url("v1/organizations/\(organizationId)/badges")
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        let url: String
        var query: [(String, String)] = []
        if let cursor = request.cursor {
            guard AdapterConfigReader.isHTTPURL(cursor) else {
                throw AdapterError.invalidCursor(cursor: cursor, expected: "a next_page_url")
            }
            url = cursor
        } else {
            url = badgesURL
            query.append(("page", "1"))
            if let sinceMs = request.sinceMs {
                query.append(("filter", "updated_at_min::\(ItemDate.iso8601(sinceMs))"))
            }
        }
        let (json, _) = try http.getJSON(url, query: query)
        guard let data = json["data"]?.arrayValue else {
            throw AdapterError.unexpectedShape(url: URLRedaction.withoutQuery(url), detail: "no \"data\" array")
        }
        return FetchedPage(
            items: data.map(Self.item), nextCursor: ItemText.text(json.value(at: "metadata.next_page_url")),
            totalCount: json.value(at: "metadata.total_count")?.intValue)
    }

    /// One issued badge: `id`, `issued_at`, `expires_at`, `updated_at`, `badge_template.name`,
    /// `issued_to_first_name` + `issued_to_last_name` (or `issued_to`), `recipient_email`.
    static func item(_ json: JSONValue) -> ParsedItem {
        guard let id = ItemText.text(json["id"]) else { return .invalid(externalId: nil, reason: "no id") }
        let name =
            ItemText.joined([ItemText.text(json["issued_to_first_name"]), ItemText.text(json["issued_to_last_name"])])
            ?? ItemText.text(json["issued_to"])
        do {
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: ItemText.text(json["recipient_email"]), learnerName: name,
                    title: ItemText.text(json.value(at: "badge_template.name")),
                    issuedAtMs: try ItemDate.read(json["issued_at"], field: "issued_at"),
                    expiresAtMs: try ItemDate.read(json["expires_at"], field: "expires_at"),
                    updatedAtMs: try ItemDate.read(json["updated_at"], field: "updated_at"), raw: json.rawText))
        } catch {
            return .invalid(externalId: id, reason: error.description)
        }
    }

    private static func isPathSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
