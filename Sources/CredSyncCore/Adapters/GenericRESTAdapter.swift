import Foundation

/// The `generic_rest` adapter: endpoint, pagination, item path and field mapping all from the platform's config
/// (SPEC §11), so a new platform often needs no code. See docs/adapters.md for the reference and an example.
///
/// Config: `endpoint` (an absolute URL, or a path under the API base URL), `itemsPath` (dot path to the array of
/// items; "" or absent for a body that is the array), `pagination` (`GenericRESTPagination`), `since` (the
/// parameter that asks for changes since a time; absent: every sync is full) with `sinceFormat`, `totalPath` (dot
/// path to the total, for progress), `fields` and `dateFormat` (`FieldMapping`).
public struct GenericRESTAdapter: PlatformAdapter {
    public static let factory = AdapterFactory(
        name: "generic_rest", summary: "Any JSON REST API: endpoint, pagination and field paths from config",
        authTypes: [.bearer, .none, .apiKey, .basic, .oauth2ClientCredentials, .oauth2RefreshToken, .longLivedToken], configKeys: ["endpoint", "itemsPath", "pagination", "since", "sinceFormat", "totalPath", "fields", "dateFormat"],
        make: { try GenericRESTAdapter(definition: $0) })

    public let endpoint: String
    public let itemsPath: String
    public let pagination: GenericRESTPagination
    public let sinceParam: String?
    public let sinceFormat: ItemDate.Format
    public let totalPath: String?
    public let fields: FieldMapping

    public init(definition: PlatformDefinition) throws(AdapterConfigError) {
        let config = AdapterConfigReader(adapter: "generic_rest", object: definition.config)
        let endpointText = try config.requiredString("endpoint")
        endpoint = try AdapterConfigReader.resolveURL(endpointText, in: definition) {
            config.error("endpoint", "must be an http(s) URL, or a path under an http(s) api_base_url")
        }
        itemsPath = try config.string("itemsPath", allowEmpty: true) ?? ""
        pagination = try GenericRESTPagination(config: config)
        sinceParam = try config.string("since")
        sinceFormat = try config.choice("sinceFormat", of: ItemDate.Format.self) ?? .iso8601
        totalPath = try config.string("totalPath")
        fields = try FieldMapping(config: config)
    }

    public func fetchPage(_ request: PageRequest, using http: any PlatformHTTP) throws -> FetchedPage {
        var url = endpoint
        var query: [(String, String)] = []
        let size = pagination.sizeParam.map { [($0, String(request.pageSize))] } ?? []
        let since = sinceParam.flatMap { name in request.sinceMs.map { [(name, sinceText($0))] } } ?? []
        switch pagination {
        case .page(let pageParam, _, let startPage):
            let page = try PageNumberCursor.page(from: request.cursor, first: startPage)
            query = [(pageParam, String(page))] + size + since
        case .offset(let offsetParam, _):
            let offset = try PageNumberCursor.page(from: request.cursor, first: 0)
            query = [(offsetParam, String(offset))] + size + since
        case .cursor(let cursorParam, _, _):
            query = size + (request.cursor.map { [(cursorParam, $0)] } ?? []) + since
        case .link:
            if let cursor = request.cursor {
                guard AdapterConfigReader.isHTTPURL(cursor) else {
                    throw AdapterError.invalidCursor(cursor: cursor, expected: "a next-page URL")
                }
                url = cursor
            } else {
                query = size + since
            }
        }
        let (json, response) = try http.getJSON(url, query: query)
        let itemsValue = itemsPath.isEmpty ? json : json.value(at: itemsPath)
        guard let records = itemsValue?.arrayValue else {
            let place = itemsPath.isEmpty ? "the body" : "itemsPath \"\(itemsPath)\""
            throw AdapterError.unexpectedShape(url: URLRedaction.withoutQuery(url), detail: "\(place) is not an array")
        }
        let items = records.map { fields.item(json: $0) }
        let total =
            totalPath.flatMap { json.value(at: $0)?.intValue } ?? response.headers["X-Total-Count"].flatMap(Int.init)
        return FetchedPage(
            items: items, nextCursor: nextCursor(request, json, response, count: records.count), totalCount: total)
    }

    private func nextCursor(_ request: PageRequest, _ json: JSONValue, _ response: HTTPClientResponse, count: Int)
        -> String?
    {
        switch pagination {
        case .page(_, _, let startPage):
            guard count > 0 else { return nil }
            return String((request.cursor.flatMap { Int($0) } ?? startPage) + 1)
        case .offset:
            guard count > 0 else { return nil }
            return String((request.cursor.flatMap { Int($0) } ?? 0) + count)
        case .cursor(_, _, let path):
            return ItemText.text(json.value(at: path))
        case .link(_, let path):
            let requestURL = response.url.isEmpty ? endpoint : response.url
            if let path {
                return ItemText.text(json.value(at: path)).map { LinkHeader.resolve($0, against: requestURL) }
            }
            return LinkHeader.target(rel: "next", in: response.headers, requestURL: requestURL)
        }
    }

    private func sinceText(_ ms: Int64) -> String {
        switch sinceFormat {
        case .iso8601: ItemDate.iso8601(ms)
        case .epochSeconds: String(ms / 1_000)
        case .epochMs: String(ms)
        }
    }
}
