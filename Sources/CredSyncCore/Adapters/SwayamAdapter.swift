/// The `swayam` contract (SPEC §11): an API key header, cursor pagination.
///
/// `GET {base}/{api_version}/completions?limit=M[&cursor=C][&since=T]` → `{"results":[…],"next_cursor":"…"|null}`.
/// The cursor is the platform's `next_cursor`, passed back as it came.
public struct SwayamAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "swayam", summary: "SWAYAM course completions: X-API-Key, cursor pages",
        authTypes: [.apiKey], make: { try SwayamAdapter(definition: $0) })

    public let completionsURL: String

    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        try definition.requireHTTPBaseURL(adapter: "swayam")
        completionsURL = definition.url("\(definition.apiVersion)/completions")
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        var query = [("limit", String(request.pageSize))]
        if let cursor = request.cursor { query.append(("cursor", cursor)) }
        if let sinceMs = request.sinceMs { query.append(("since", ItemDate.iso8601(sinceMs))) }
        let (json, _) = try http.getJSON(completionsURL, query: query)
        guard let results = json["results"]?.arrayValue else {
            throw AdapterError.unexpectedShape(url: completionsURL, detail: "no \"results\" array")
        }
        return FetchedPage(items: results.map(Self.item), nextCursor: ItemText.text(json["next_cursor"]))
    }

    /// One completion: `id`, `learner.{full_name,email,phone}`, `course.title`, `completed_at` (the issue date),
    /// `certificate_url`, `updated_at`. Completions do not expire.
    static func item(_ json: JSONValue) -> ParsedItem {
        guard let id = ItemText.text(json["id"]) else { return .invalid(externalId: nil, reason: "no id") }
        do {
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: ItemText.text(json.value(at: "learner.email")),
                    learnerPhone: ItemText.text(json.value(at: "learner.phone")),
                    learnerName: ItemText.text(json.value(at: "learner.full_name")),
                    title: ItemText.text(json.value(at: "course.title")),
                    issuedAtMs: try ItemDate.read(json["completed_at"], field: "completed_at"),
                    url: ItemText.text(json["certificate_url"]),
                    updatedAtMs: try ItemDate.read(json["updated_at"], field: "updated_at"), raw: json.rawText))
        } catch {
            return .invalid(externalId: id, reason: error.description)
        }
    }
}
