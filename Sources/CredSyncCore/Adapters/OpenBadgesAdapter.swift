import Foundation

/// The `openbadges` contract (SPEC §11): the Open Badges 3.0 service API with a bearer token.
///
/// `GET {base}/ims/ob/v3p0/credentials?limit=M&offset=0[&since=T]` → `{"credential":[…],"compactJwsString":[…]}`;
/// the next page is the `Link` header's `rel="next"` URL, which is the cursor; `X-Total-Count` is the total. Each
/// entry may be an OB 3.0 credential, an OB 2.0 assertion or a compact JWS (see `OpenBadgesCredential`).
public struct OpenBadgesAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "openbadges", summary: "Open Badges 3.0 service API (also 2.0 assertions, JWS): bearer, Link pages",
        authTypes: [.bearer, .oauth2RefreshToken, .oauth2ClientCredentials],
        make: { try OpenBadgesAdapter(definition: $0) })

    public let credentialsURL: String

    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        try definition.requireHTTPBaseURL(adapter: "openbadges")
        credentialsURL = definition.url("ims/ob/v3p0/credentials")
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        let url: String
        var query: [(String, String)] = []
        if let cursor = request.cursor {
            guard AdapterConfigReader.isHTTPURL(cursor) else {
                throw AdapterError.invalidCursor(cursor: cursor, expected: "a Link rel=\"next\" URL")
            }
            url = cursor
        } else {
            url = credentialsURL
            query = [("limit", String(request.pageSize)), ("offset", "0")]
            if let sinceMs = request.sinceMs { query.append(("since", ItemDate.iso8601(sinceMs))) }
        }
        let (json, response) = try http.getJSON(url, query: query)
        let credentials = json["credential"]?.arrayValue
        let jwsStrings = (json["compactJwsString"] ?? json["compactJwsStrings"])?.arrayValue
        guard credentials != nil || jwsStrings != nil else {
            throw AdapterError.unexpectedShape(
                url: URLRedaction.withoutQuery(url), detail: "no \"credential\" or \"compactJwsString\" array")
        }
        var items = (credentials ?? []).map(OpenBadgesCredential.item)
        for jws in jwsStrings ?? [] {
            guard let text = jws.stringValue else {
                items.append(.invalid(externalId: nil, reason: "unreadable compactJwsString: not a string"))
                continue
            }
            items.append(OpenBadgesCredential.item(compactJWS: text))
        }
        let requestURL =
            response.url.isEmpty
            ? FormURLEncoding.url(url, appending: query.map { URLQueryItem(name: $0.0, value: $0.1) }) : response.url
        return FetchedPage(
            items: items, nextCursor: LinkHeader.target(rel: "next", in: response.headers, requestURL: requestURL),
            totalCount: response.headers["X-Total-Count"].flatMap { Int(ItemText.trimmed($0)) })
    }
}
