import CredSyncCore
import CredSyncTestSupport
import Testing

private let nsqfPage = """
    {"data":[
      {"certificate_id":"NSQF-1","candidate":{"name":" Asha Rao ","email":" Asha.Rao@Example.org ","mobile":null},
       "qualification":{"title":"Solar PV Installer","code":"SCG/Q0101","nsqf_level":4,"sector":"Green Jobs"},
       "issued_on":"2024-03-01","valid_until":"2027-03-01","certificate_url":"https://nsqf.example/c/1",
       "updated_at":"2024-03-01T10:00:00Z"},
      {"certificate_id":"NSQF-2","candidate":{"name":"Ravi","email":null,"mobile":"+91 98765 43210"},
       "qualification":{"title":"Retail Sales Associate"},"issued_on":"2024-02-30","valid_until":null,
       "updated_at":"2024-03-01T10:00:00Z"},
      {"candidate":{"name":"No Id"},"issued_on":"2024-03-01"},
      {"certificate_id":42,"candidate":{},"issued_on":null,"updated_at":"2024-03-02T00:00:00+05:30"}
    ],"meta":{"page":1,"page_size":4,"total_pages":3,"total":10}}
    """

@Suite struct NSQFAdapterTests {
    let adapter = try! NSQFAdapter(
        definition: PlatformDefinition(name: "nsqf", adapter: "nsqf", apiBaseURL: "https://nsqf.example/api/"))

    @Test func readsItemsInvalidOnesAndTheNextPage() throws {
        let http = CannedPlatformHTTP(json: nsqfPage)
        let page = try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: 1_709_287_200_000, pageSize: 4), using: http)
        let request = try #require(http.requests.first)
        #expect(request.url == "https://nsqf.example/api/v1/certificates")
        #expect(request.query("page") == "1")
        #expect(request.query("page_size") == "4")
        #expect(request.query("updated_since") == "2024-03-01T10:00:00Z")
        #expect(page.nextCursor == "2")
        #expect(page.totalCount == 10)
        #expect(page.items.count == 4)
        guard case .credential(let first) = page.items[0] else { Issue.record("not a credential"); return }
        #expect(first.externalId == "NSQF-1")
        #expect(first.learnerEmail == "Asha.Rao@Example.org")
        #expect(first.learnerPhone == nil)
        #expect(first.learnerName == "Asha Rao")
        #expect(first.title == "Solar PV Installer")
        #expect(first.issuedAtMs == 1_709_251_200_000)
        #expect(first.expiresAtMs == ItemDate.parseISO8601("2027-03-01"))
        #expect(first.url == "https://nsqf.example/c/1")
        #expect(first.updatedAtMs == 1_709_287_200_000)
        #expect(first.raw.hasPrefix("{\"certificate_id\":\"NSQF-1\",\"candidate\":{"))
        #expect(page.items[1] == .invalid(externalId: "NSQF-2", reason: "unparseable issued_on \"2024-02-30\""))
        #expect(page.items[2] == .invalid(externalId: nil, reason: "no certificate_id"))
        guard case .credential(let numeric) = page.items[3] else { Issue.record("not a credential"); return }
        #expect(numeric.externalId == "42")
        #expect(numeric.updatedAtMs == 1_709_317_800_000)
    }

    @Test func theLastPageHasNoNextCursorAndTheNextPageFollowsTheServedOne() throws {
        let last = #"{"data":[],"meta":{"page":3,"page_size":4,"total_pages":3,"total":10}}"#
        let repeated = #"{"data":[],"meta":{"page":1,"page_size":4,"total_pages":3,"total":10}}"#
        let http = CannedPlatformHTTP(json: last, repeated)
        #expect(
            try adapter.fetchPage(PageRequest(cursor: "3", sinceMs: nil, pageSize: 4), using: http).nextCursor == nil)
        #expect(http.requests[0].query("updated_since") == nil)
        // A platform that serves page 1 again when asked for page 2 makes the cursor repeat.
        #expect(
            try adapter.fetchPage(PageRequest(cursor: "2", sinceMs: nil, pageSize: 4), using: http).nextCursor == "2")
    }

    @Test func refusesForeignCursorsAndPagesOfAnotherShape() throws {
        #expect(throws: AdapterError.invalidCursor(cursor: "abc", expected: "a page number")) {
            try adapter.fetchPage(
                PageRequest(cursor: "abc", sinceMs: nil, pageSize: 4), using: CannedPlatformHTTP(json: "{}"))
        }
        #expect(
            throws: AdapterError.unexpectedShape(
                url: "https://nsqf.example/api/v1/certificates", detail: "no \"data\" array")
        ) {
            try adapter.fetchPage(
                PageRequest(cursor: nil, sinceMs: nil, pageSize: 4), using: CannedPlatformHTTP(json: "{\"items\":[]}"))
        }
    }

    @Test func aPageThatIsNotJSONQuotesItsFirstBytes() throws {
        let http = CannedPlatformHTTP(json: "<html><body>Gateway error</body></html>")
        let error = #expect(throws: AdapterError.self) {
            try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 4), using: http)
        }
        let text = error?.description ?? ""
        #expect(text.contains("https://nsqf.example/api/v1/certificates "))
        #expect(!text.contains("page_size"))
        #expect(text.contains("`<html><body>Gateway error</body></html>`"))
    }

    @Test func aRefusedRequestSays401() throws {
        let http = CannedPlatformHTTP([CannedPlatformHTTP.response(#"{"error":"invalid_token"}"#, status: 401)])
        let error = #expect(throws: AdapterError.self) {
            try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 4), using: http)
        }
        #expect(error?.description.contains("HTTP 401") == true)
        #expect(error?.description.contains("invalid_token") == true)
    }
}
