/// The `nsqf` contract (SPEC §11): OAuth2 client credentials, page-number pagination.
///
/// `GET {base}/{api_version}/certificates?page=N&page_size=M[&updated_since=T]` →
/// `{"data":[…],"meta":{"page":N,"page_size":M,"total_pages":P,"total":T}}`. The cursor is the next page number as
/// text; the next page is the one after the page the platform says it served (`meta.page`), so a platform that
/// keeps serving the same page makes the cursor repeat, which the pipeline's guard stops.
public struct NSQFAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "nsqf", summary: "NSQF certificates: OAuth2 client credentials, page-number pages",
        authTypes: [.oauth2ClientCredentials], make: { try NSQFAdapter(definition: $0) })

    public let certificatesURL: String

    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        try definition.requireHTTPBaseURL(adapter: "nsqf")
        certificatesURL = definition.url("\(definition.apiVersion)/certificates")
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        let page = try PageNumberCursor.page(from: request.cursor, first: 1)
        var query = [("page", String(page)), ("page_size", String(request.pageSize))]
        if let sinceMs = request.sinceMs { query.append(("updated_since", ItemDate.iso8601(sinceMs))) }
        let (json, _) = try http.getJSON(certificatesURL, query: query)
        guard let data = json["data"]?.arrayValue else {
            throw AdapterError.unexpectedShape(url: certificatesURL, detail: "no \"data\" array")
        }
        let servedPage = json.value(at: "meta.page")?.intValue ?? page
        let next: String?
        if let totalPages = json.value(at: "meta.total_pages")?.intValue {
            next = servedPage < totalPages ? String(servedPage + 1) : nil
        } else {
            next = data.isEmpty ? nil : String(servedPage + 1)
        }
        return FetchedPage(
            items: data.map(Self.item), nextCursor: next, totalCount: json.value(at: "meta.total")?.intValue)
    }

    /// One certificate: `certificate_id`, `candidate.{name,email,mobile}`, `qualification.title`, `issued_on`,
    /// `valid_until`, `certificate_url`, `updated_at`.
    static func item(_ json: JSONValue) -> ParsedItem {
        guard let id = ItemText.text(json["certificate_id"]) else {
            return .invalid(externalId: nil, reason: "no certificate_id")
        }
        do {
            return .credential(
                CredentialItem(
                    externalId: id, learnerEmail: ItemText.text(json.value(at: "candidate.email")),
                    learnerPhone: ItemText.text(json.value(at: "candidate.mobile")),
                    learnerName: ItemText.text(json.value(at: "candidate.name")),
                    title: ItemText.text(json.value(at: "qualification.title")),
                    issuedAtMs: try ItemDate.read(json["issued_on"], field: "issued_on"),
                    expiresAtMs: try ItemDate.read(json["valid_until"], field: "valid_until"),
                    url: ItemText.text(json["certificate_url"]),
                    updatedAtMs: try ItemDate.read(json["updated_at"], field: "updated_at"), raw: json.rawText))
        } catch {
            return .invalid(externalId: id, reason: error.description)
        }
    }
}
