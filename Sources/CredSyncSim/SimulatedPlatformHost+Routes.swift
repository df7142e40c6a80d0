import CredSyncCore
import Foundation

/// The contracts' list routes (SPEC §11). Every one filters by its `since` parameter (records changed at or after
/// it), caps the page size at the platform's `pageSizeCap`, and — with the repeating-cursor fault on — points its
/// next page back at the page just served.
extension SimulatedPlatformHost {
    func makeRouter() -> HTTPRouter {
        var router = HTTPRouter(faults: faults)
        let contract = platform.contract
        let pages = prefix + contract.pagesPath
        switch contract {
        case .nsqf:
            router.add("POST", prefix + "/oauth/token") { [unowned self] request, _ in issueToken(request) }
            router.add("GET", pages) { [unowned self] request, _ in guarded(request, nsqfPage) }
        case .swayam:
            router.add("GET", pages) { [unowned self] request, _ in guarded(request, swayamPage) }
        case .openbadges:
            router.add("GET", pages) { [unowned self] request, _ in guarded(request, openBadgesPage) }
        case .credly:
            router.add("GET", prefix + "/v1/organizations/{organizationId}/badges") {
                [unowned self] request, parameters in
                guard parameters["organizationId"] == platform.organizationId else {
                    return .error(404, "organization not found")
                }
                return guarded(request, credlyPage)
            }
        case .genericRest:
            router.add("GET", pages) { [unowned self] request, _ in guarded(request, genericPage) }
        case .fileCSV, .fileJSONL:
            router.add("GET", pages) { [unowned self] request, _ in guarded(request, filePage) }
        }
        switch (contract, platform.auth) {
        case (.genericRest, .refreshToken), (.fileCSV, .refreshToken), (.fileJSONL, .refreshToken):
            router.add("POST", prefix + "/oauth/token") { [unowned self] request, _ in issueToken(request) }
        case (.genericRest, .longLivedToken), (.fileCSV, .longLivedToken), (.fileJSONL, .longLivedToken):
            router.add("GET", prefix + "/refresh_access_token") { [unowned self] request, _ in
                refreshLongLivedToken(request)
            }
        default:
            break
        }
        return router
    }

    /// Checks auth and parameters, then counts a served page.
    private func guarded(_ request: HTTPRequest, _ page: (HTTPRequest) throws(BadRequest) -> HTTPResponse)
        -> HTTPResponse
    {
        if let refusal = refusal(request) { return refusal }
        do {
            let response = try page(request)
            if (200..<300).contains(response.status) { countPage() }
            return response
        } catch {
            return .error(400, error.message)
        }
    }

    struct BadRequest: Error {
        var message: String
    }

    // MARK: - nsqf

    private func nsqfPage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let query = request.query
        let page = try integer(query["page"], "page", default: 1, minimum: 1)
        let size = try pageSize(query["page_size"], "page_size")
        let listing = listing(sinceMs: try since(query["updated_since"], "updated_since"))
        let total = listing.count
        let servedPage = isRepeatingCursor ? page - 1 : page
        var json = JSONWriter(capacity: size * 560 + 200)
        json.raw("{\"data\":")
        items(listing.page(offset: (page - 1) * size, limit: size), to: &json)
        json.raw(",\"meta\":{\"page\":")
        json.int(servedPage)
        json.raw(",\"page_size\":")
        json.int(size)
        json.raw(",\"total_pages\":")
        json.int((total + size - 1) / size)
        json.raw(",\"total\":")
        json.int(total)
        json.raw("}}")
        return .json(json.bytes)
    }

    // MARK: - swayam

    private func swayamPage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let query = request.query
        let size = try pageSize(query["limit"], "limit")
        let offset = try query["cursor"].map { (text) throws(BadRequest) in try Self.offset(cursor: text) } ?? 0
        let listing = listing(sinceMs: try since(query["since"], "since"))
        var json = JSONWriter(capacity: size * 520 + 100)
        json.raw("{\"results\":")
        items(listing.page(offset: offset, limit: size), to: &json)
        json.raw(",\"next_cursor\":")
        json.string(nextOffset(offset, size, listing.count).map(Self.cursor))
        json.raw("}")
        return .json(json.bytes)
    }

    // MARK: - openbadges

    private func openBadgesPage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let query = request.query
        let size = try pageSize(query["limit"], "limit")
        let offset = try integer(query["offset"], "offset", default: 0, minimum: 0)
        let listing = listing(sinceMs: try since(query["since"], "since"))
        let writer = ContractItemWriter(contract: .openbadges, baseURL: baseURL)
        var json = JSONWriter(capacity: size * 1_100 + 100)
        var jws: [String] = []
        json.raw("{\"credential\":[")
        var first = true
        for credential in listing.page(offset: offset, limit: size) {
            switch ContractItemWriter.openBadgesForm(credential.index) {
            case .compactJWS:
                jws.append(writer.compactJWS(credential))
                continue
            case .assertion2:
                if !first { json.raw(",") }
                writer.openBadges2(credential, &json)
            case .credential3:
                if !first { json.raw(",") }
                writer.openBadges3(credential, &json)
            }
            first = false
        }
        json.raw("]")
        if !jws.isEmpty {
            json.raw(",\"compactJwsString\":[")
            for (index, text) in jws.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(text)
            }
            json.raw("]")
        }
        json.raw("}")
        var headers: HTTPHeaders = ["X-Total-Count": String(listing.count)]
        if let next = nextOffset(offset, size, listing.count) {
            var items = [
                URLQueryItem(name: "limit", value: String(size)), URLQueryItem(name: "offset", value: String(next)),
            ]
            if let since = query["since"] { items.append(URLQueryItem(name: "since", value: since)) }
            headers.add(
                "Link",
                "<\(FormURLEncoding.url(baseURL + platform.contract.pagesPath, appending: items))>; rel=\"next\"")
        }
        return .json(json.bytes, headers: headers)
    }

    // MARK: - credly

    private func credlyPage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let query = request.query
        let page = try integer(query["page"], "page", default: 1, minimum: 1)
        let per = min(50, platform.pageSizeCap)
        var sinceMs: Int64?
        if let filter = query["filter"] {
            guard filter.hasPrefix("updated_at_min::") else { throw BadRequest(message: "unsupported filter") }
            sinceMs = try since(String(filter.dropFirst("updated_at_min::".count)), "filter")
        }
        let listing = listing(sinceMs: sinceMs)
        let total = listing.count
        let pageItems = listing.page(offset: (page - 1) * per, limit: per)
        let totalPages = (total + per - 1) / per
        func pageURL(_ number: Int) -> String {
            var items = [URLQueryItem(name: "page", value: String(number))]
            if let filter = query["filter"] { items.append(URLQueryItem(name: "filter", value: filter)) }
            return FormURLEncoding.url(
                "\(baseURL)/v1/organizations/\(platform.organizationId)/badges", appending: items)
        }
        let next: Int? = isRepeatingCursor ? page : (page < totalPages ? page + 1 : nil)
        var json = JSONWriter(capacity: per * 560 + 400)
        json.raw("{\"data\":")
        items(pageItems, to: &json)
        json.raw(",\"metadata\":{\"count\":")
        json.int(pageItems.count)
        json.raw(",\"current_page\":")
        json.int(page)
        json.raw(",\"total_count\":")
        json.int(total)
        json.raw(",\"total_pages\":")
        json.int(totalPages)
        json.raw(",\"per\":")
        json.int(per)
        json.raw(",\"previous_page_url\":")
        json.string(page > 1 ? pageURL(page - 1) : nil)
        json.raw(",\"next_page_url\":")
        json.string(next.map(pageURL))
        json.raw("}}")
        return .json(json.bytes)
    }

    // MARK: - generic_rest

    /// `/api/records` pages by `page`, `offset` or `cursor` (whichever the request names; `page=1` when none),
    /// sizes by `page_size`, filters by `modified_since` (ISO-8601, or epoch seconds or milliseconds), and gives the
    /// next page as `meta.next` (a cursor) and as a `Link` header in the request's own style.
    private func genericPage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let query = request.query
        let size = try pageSize(query["page_size"], "page_size")
        let offset: Int
        let style: String
        if let cursor = query["cursor"] {
            (offset, style) = (try Self.offset(cursor: cursor), "cursor")
        } else if query["offset"] != nil {
            (offset, style) = (try integer(query["offset"], "offset", default: 0, minimum: 0), "offset")
        } else {
            (offset, style) = ((try integer(query["page"], "page", default: 1, minimum: 1) - 1) * size, "page")
        }
        let listing = listing(sinceMs: try since(query["modified_since"], "modified_since", epochAllowed: true))
        let next = nextOffset(offset, size, listing.count)
        var json = JSONWriter(capacity: size * 520 + 100)
        json.raw("{\"records\":")
        items(listing.page(offset: offset, limit: size), to: &json)
        json.raw(",\"meta\":{\"next\":")
        json.string(next.map(Self.cursor))
        json.raw(",\"total\":")
        json.int(listing.count)
        json.raw("}}")
        var headers: HTTPHeaders = [:]
        if let next {
            var items: [URLQueryItem] =
                switch style {
                case "cursor": [URLQueryItem(name: "cursor", value: Self.cursor(next))]
                case "offset": [URLQueryItem(name: "offset", value: String(next))]
                default: [URLQueryItem(name: "page", value: String(next / size + 1))]
                }
            items.append(URLQueryItem(name: "page_size", value: String(size)))
            if let since = query["modified_since"] { items.append(URLQueryItem(name: "modified_since", value: since)) }
            headers.add(
                "Link",
                "<\(FormURLEncoding.url(baseURL + platform.contract.pagesPath, appending: items))>; rel=\"next\"")
        }
        return .json(json.bytes, headers: headers)
    }

    // MARK: - Files

    /// The export, whole or the `Range: bytes=a-b` asked for.
    private func filePage(_ request: HTTPRequest) throws(BadRequest) -> HTTPResponse {
        let bytes = fileBytes()
        var headers: HTTPHeaders = [
            "Content-Type": platform.contract == .fileCSV ? "text/csv; charset=utf-8" : "application/x-ndjson",
            "Accept-Ranges": "bytes",
        ]
        guard let range = request.headers["Range"] else {
            return HTTPResponse(status: 200, headers: headers, body: bytes)
        }
        let bounds =
            range.hasPrefix("bytes=")
            ? range.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false) : []
        guard bounds.count == 2, let start = Int(bounds[0]), start >= 0 else {
            throw BadRequest(message: "unsupported Range \(range)")
        }
        guard start < bytes.count else {
            headers["Content-Range"] = "bytes */\(bytes.count)"
            return HTTPResponse(status: 416, headers: headers)
        }
        let end = min(bytes.count - 1, bounds[1].isEmpty ? bytes.count - 1 : (Int(bounds[1]) ?? -1))
        guard end >= start else { throw BadRequest(message: "unsupported Range \(range)") }
        headers["Content-Range"] = "bytes \(start)-\(end)/\(bytes.count)"
        return HTTPResponse(status: 206, headers: headers, body: Array(bytes[start...end]))
    }

    // MARK: - Parameters

    private func items(_ credentials: [SimulatedCredential], to json: inout JSONWriter) {
        let writer = ContractItemWriter(contract: platform.contract, baseURL: baseURL)
        json.raw("[")
        for (index, credential) in credentials.enumerated() {
            if index > 0 { json.raw(",") }
            writer.write(credential, to: &json)
        }
        json.raw("]")
    }

    /// Where the next page starts: nil at the end; this page again when the repeating-cursor fault is on.
    private func nextOffset(_ offset: Int, _ size: Int, _ total: Int) -> Int? {
        if isRepeatingCursor { return offset }
        return offset + size < total ? offset + size : nil
    }

    private func pageSize(_ text: String?, _ name: String) throws(BadRequest) -> Int {
        min(platform.pageSizeCap, try integer(text, name, default: 100, minimum: 1))
    }

    private func integer(_ text: String?, _ name: String, default value: Int, minimum: Int) throws(BadRequest) -> Int {
        guard let text else { return value }
        guard let number = Int(text), number >= minimum else {
            throw BadRequest(message: "\(name) must be a whole number ≥ \(minimum)")
        }
        return number
    }

    private func since(_ text: String?, _ name: String, epochAllowed: Bool = false) throws(BadRequest) -> Int64? {
        guard let text else { return nil }
        if let ms = ItemDate.parseISO8601(text) { return ms }
        if epochAllowed, let number = Int64(text) { return number > 100_000_000_000 ? number : number * 1_000 }
        throw BadRequest(message: "\(name) must be an ISO-8601 time")
    }

    /// Opaque-looking cursors: `c` and the offset in base 36.
    static func cursor(_ offset: Int) -> String { "c" + String(offset, radix: 36) }

    static func offset(cursor: String) throws(BadRequest) -> Int {
        guard cursor.hasPrefix("c"), let offset = Int(cursor.dropFirst(), radix: 36), offset >= 0 else {
            throw BadRequest(message: "invalid cursor")
        }
        return offset
    }
}
