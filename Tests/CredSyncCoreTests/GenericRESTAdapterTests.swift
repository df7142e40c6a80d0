import CredSyncCore
import CredSyncTestSupport
import Testing

private let fieldsConfig: JSONValue = .object(
    JSONObject([
        "externalId": .string("record_id"), "email": .string("person.email"), "phone": .string("person.phone"),
        "name": .array([.string("person.first"), .string("person.last")]), "title": .string("course"),
        "issuedAt": .string("issued"), "expiresAt": .string("expires"), "url": .string("link"),
        "updatedAt": .string("modified"),
    ]))

private let records = """
    [{"record_id":"G-1","person":{"email":"a@example.org","phone":"98765-43210","first":"Neha","last":"Joshi"},
      "course":"Welding","issued":"2024-06-01","expires":null,"link":"https://x.example/1","modified":"2024-06-02T00:00:00Z"},
     {"record_id":"G-2","person":{"first":"Karan"},"issued":"06/01/2024"},
     {"person":{"email":"no-id@example.org"}}]
    """

private func adapter(_ pagination: String, extra: String = "") throws -> GenericRESTAdapter {
    let config = try JSONParser.parse(
        """
        {"endpoint":"/api/records","itemsPath":"body.records","pagination":\(pagination),"since":"modified_since",
         "totalPath":"body.total"\(extra)}
        """
    ).objectValue!
    var object = config
    object["fields"] = fieldsConfig
    return try GenericRESTAdapter(
        definition: PlatformDefinition(
            name: "g", adapter: "generic_rest", apiBaseURL: "https://partner.example", config: object))
}

private func page(_ items: String = records, extra: String = "") -> String {
    #"{"body":{"records":\#(items),"total":3\#(extra)}}"#
}

@Suite struct GenericRESTAdapterTests {
    @Test func mapsFieldsAndCountsBadItems() throws {
        let http = CannedPlatformHTTP(json: page())
        let result = try adapter(#"{"style":"page"}"#).fetchPage(
            PageRequest(cursor: nil, sinceMs: 1_717_200_000_000, pageSize: 3), using: http)
        #expect(http.requests[0].url == "https://partner.example/api/records")
        #expect(http.requests[0].query.map(\.0) == ["page", "page_size", "modified_since"])
        #expect(http.requests[0].query("page") == "1")
        #expect(http.requests[0].query("modified_since") == "2024-06-01T00:00:00Z")
        #expect(result.totalCount == 3)
        guard case .credential(let item) = result.items[0] else { Issue.record("not a credential"); return }
        #expect(item.externalId == "G-1")
        #expect(item.learnerEmail == "a@example.org")
        #expect(item.learnerPhone == "98765-43210")
        #expect(item.learnerName == "Neha Joshi")
        #expect(item.title == "Welding")
        #expect(item.issuedAtMs == ItemDate.parseISO8601("2024-06-01"))
        #expect(item.expiresAtMs == nil)
        #expect(item.url == "https://x.example/1")
        #expect(item.updatedAtMs == ItemDate.parseISO8601("2024-06-02"))
        #expect(result.items[1] == .invalid(externalId: "G-2", reason: "unparseable issuedAt \"06/01/2024\""))
        #expect(result.items[2] == .invalid(externalId: nil, reason: "no externalId (record_id)"))
    }

    @Test func pageStyleCountsFromStartPageAndEndsAtAnEmptyPage() throws {
        let generic = try adapter(#"{"style":"page","pageParam":"p","sizeParam":"","startPage":0}"#)
        let http = CannedPlatformHTTP(json: page(), page("[]"))
        let first = try generic.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 3), using: http)
        #expect(http.requests[0].query.map(\.0) == ["p"])
        #expect(http.requests[0].query("p") == "0")
        #expect(first.nextCursor == "1")
        let last = try generic.fetchPage(PageRequest(cursor: "1", sinceMs: nil, pageSize: 3), using: http)
        #expect(http.requests[1].query("p") == "1")
        #expect(last.nextCursor == nil)
    }

    @Test func offsetStyleAdvancesByTheItemsReceived() throws {
        let generic = try adapter(#"{"style":"offset","offsetParam":"skip","sizeParam":"take"}"#)
        let http = CannedPlatformHTTP(json: page(), page("[]"))
        let first = try generic.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 50), using: http)
        #expect(http.requests[0].query("skip") == "0")
        #expect(http.requests[0].query("take") == "50")
        #expect(first.nextCursor == "3")
        let last = try generic.fetchPage(PageRequest(cursor: "3", sinceMs: nil, pageSize: 50), using: http)
        #expect(http.requests[1].query("skip") == "3")
        #expect(last.nextCursor == nil)
    }

    @Test func cursorStyleReadsTheNextCursorFromTheBody() throws {
        let generic = try adapter(#"{"style":"cursor","cursorParam":"after","nextCursorPath":"body.next"}"#)
        let http = CannedPlatformHTTP(json: page(extra: #","next":"c-2""#), page("[]", extra: #","next":null"#))
        let first = try generic.fetchPage(PageRequest(cursor: nil, sinceMs: 1_000, pageSize: 3), using: http)
        #expect(http.requests[0].query("after") == nil)
        #expect(first.nextCursor == "c-2")
        let last = try generic.fetchPage(PageRequest(cursor: "c-2", sinceMs: 1_000, pageSize: 3), using: http)
        #expect(http.requests[1].query("after") == "c-2")
        #expect(http.requests[1].query("modified_since") == "1970-01-01T00:00:01Z")
        #expect(last.nextCursor == nil)
    }

    @Test func linkStyleFollowsTheLinkHeaderOrABodyPath() throws {
        let generic = try adapter(#"{"style":"link"}"#)
        let http = CannedPlatformHTTP([
            CannedPlatformHTTP.response(
                page(), headers: ["Link": #"<https://partner.example/api/records?page=2>; rel="next""#]),
            CannedPlatformHTTP.response(page("[]")),
        ])
        let first = try generic.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 3), using: http)
        #expect(first.nextCursor == "https://partner.example/api/records?page=2")
        let last = try generic.fetchPage(PageRequest(cursor: first.nextCursor, sinceMs: nil, pageSize: 3), using: http)
        #expect(http.requests[1].url == "https://partner.example/api/records?page=2")
        #expect(http.requests[1].query.isEmpty)
        #expect(last.nextCursor == nil)

        let bodyLinks = try adapter(#"{"style":"link","nextLinkPath":"body.links.next"}"#)
        let linked = try bodyLinks.fetchPage(
            PageRequest(cursor: nil, sinceMs: nil, pageSize: 3),
            using: CannedPlatformHTTP(json: page(extra: #","links":{"next":"/api/records?page=2"}"#)))
        #expect(linked.nextCursor == "https://partner.example/api/records?page=2")
    }

    @Test func aRootArrayAndEpochSince() throws {
        var config = try JSONParser.parse(
            #"{"endpoint":"https://other.example/v1/list","pagination":{"style":"offset"},"since":"ts","sinceFormat":"epoch_ms","dateFormat":"epoch_seconds"}"#
        ).objectValue!
        config["fields"] = .object(JSONObject(["externalId": .string("id"), "issuedAt": .string("at")]))
        let generic = try GenericRESTAdapter(
            definition: PlatformDefinition(name: "g", adapter: "generic_rest", config: config))
        let http = CannedPlatformHTTP(json: #"[{"id":1,"at":1717200000},{"id":2,"at":"x"}]"#)
        let result = try generic.fetchPage(
            PageRequest(cursor: nil, sinceMs: 1_717_200_000_123, pageSize: 2), using: http)
        #expect(http.requests[0].url == "https://other.example/v1/list")
        #expect(http.requests[0].query("ts") == "1717200000123")
        guard case .credential(let item) = result.items[0] else { Issue.record("not a credential"); return }
        #expect(item.issuedAtMs == 1_717_200_000_000)
        #expect(result.items[1] == .invalid(externalId: "2", reason: "unparseable issuedAt \"x\""))
        #expect(result.nextCursor == "2")
    }

    @Test func itemsPathThatIsNotAnArrayFailsThePage() throws {
        let generic = try adapter(#"{"style":"page"}"#)
        let error = #expect(throws: AdapterError.self) {
            try generic.fetchPage(
                PageRequest(cursor: nil, sinceMs: nil, pageSize: 3), using: CannedPlatformHTTP(json: #"{"body":{}}"#))
        }
        #expect(error?.description.contains("itemsPath \"body.records\" is not an array") == true)
    }
}

/// The worked example of docs/adapters.md, verbatim.
@Suite struct GenericRESTDocumentedExampleTests {
    @Test func theDocumentedExampleReadsTheDocumentedPage() throws {
        let config = try JSONParser.parse(
            """
            {
               "pageSize": 100,
               "endpoint": "/v2/awards",
               "itemsPath": "results.awards",
               "pagination": {"style": "cursor", "cursorParam": "after", "sizeParam": "limit", "nextCursorPath": "paging.next"},
               "since": "changed_since", "sinceFormat": "epoch_seconds",
               "totalPath": "paging.total",
               "dateFormat": "epoch_seconds",
               "fields": {"externalId": "award_id", "email": "holder.mail", "phone": "holder.mobile",
                          "name": ["holder.given", "holder.family"], "title": "course.name", "issuedAt": "awarded",
                          "expiresAt": "expires", "url": "link", "updatedAt": "modified"}}
            """
        ).objectValue!
        let definition = PlatformDefinition(
            name: "partner", adapter: "generic_rest", apiBaseURL: "https://api.partner.example", authType: .bearer,
            config: config)
        let adapter = try AdapterRegistry.makeAdapter(for: definition)
        let item = """
            {"award_id": 981, "holder": {"mail": "asha@example.org", "mobile": "98765 43210",
              "given": "Asha", "family": "Rao"}, "course": {"name": "Welding"}, "awarded": 1717200000, "expires": null,
              "link": "https://partner.example/a/981", "modified": 1717286400}
            """
        let http = CannedPlatformHTTP(
            json: #"{"results": {"awards": ["# + item + #"]}, "paging": {"next": "eyJpZCI6OTgxfQ", "total": 5120}}"#)
        let page = try adapter.fetchPage(
            PageRequest(cursor: "abc", sinceMs: 1_717_200_000_000, pageSize: 100), using: http)
        #expect(http.requests[0].url == "https://api.partner.example/v2/awards")
        #expect(http.requests[0].query("after") == "abc")
        #expect(http.requests[0].query("limit") == "100")
        #expect(http.requests[0].query("changed_since") == "1717200000")
        #expect(page.nextCursor == "eyJpZCI6OTgxfQ")
        #expect(page.totalCount == 5_120)
        #expect(
            page.items == [
                .credential(
                    CredentialItem(
                        externalId: "981", learnerEmail: "asha@example.org", learnerPhone: "98765 43210",
                        learnerName: "Asha Rao", title: "Welding", issuedAtMs: 1_717_200_000_000,
                        url: "https://partner.example/a/981", updatedAtMs: 1_717_286_400_000,
                        raw: item))
            ])
    }
}
