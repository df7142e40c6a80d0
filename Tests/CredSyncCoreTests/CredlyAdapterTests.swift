import CredSyncCore
import CredSyncTestSupport
import Testing

private let credlyPage = """
    {"data":[
      {"id":"b1c2","state":"accepted","issued_at":"2024-01-15T09:00:00.000-05:00","expires_at":null,
       "updated_at":"2024-01-16T00:00:00Z","badge_template":{"id":"t1","name":"Cloud Practitioner"},
       "issued_to_first_name":"Kavya","issued_to_last_name":" Nair","recipient_email":"kavya@example.org"},
      {"id":"b1c3","state":"pending","issued_at":"2024-01-15","badge_template":{"name":"Data Analyst"},
       "issued_to_first_name":"","issued_to_last_name":"","issued_to":"Arjun Das","recipient_email":"arjun@example"},
      {"id":"b1c4","issued_at":"2024-01-15","expires_at":"never","badge_template":{"name":"X"}}
    ],"metadata":{"count":3,"current_page":1,"total_count":7,"total_pages":3,"per":3,"previous_page_url":null,
      "next_page_url":"https://api.credly.example/v1/organizations/org-1/badges?page=2&filter=updated_at_min%3A%3A2024"}}
    """

@Suite struct CredlyAdapterTests {
    let adapter = try! CredlyAdapter(
        definition: PlatformDefinition(
            name: "credly", adapter: "credly", apiBaseURL: "https://api.credly.example", authType: .basic,
            config: JSONObject(["organizationId": .string("org-1")])))

    @Test func readsBadgesNamesAndFollowsNextPageURL() throws {
        let http = CannedPlatformHTTP(json: credlyPage, #"{"data":[],"metadata":{"next_page_url":null}}"#)
        let page = try adapter.fetchPage(
            PageRequest(cursor: nil, sinceMs: 1_704_067_200_000, pageSize: 50), using: http)
        #expect(http.requests[0].url == "https://api.credly.example/v1/organizations/org-1/badges")
        #expect(http.requests[0].query("page") == "1")
        #expect(http.requests[0].query("filter") == "updated_at_min::2024-01-01T00:00:00Z")
        #expect(page.totalCount == 7)
        #expect(
            page.nextCursor
                == "https://api.credly.example/v1/organizations/org-1/badges?page=2&filter=updated_at_min%3A%3A2024")
        guard case .credential(let first) = page.items[0], case .credential(let second) = page.items[1] else {
            Issue.record("expected two credentials")
            return
        }
        #expect(first.learnerName == "Kavya Nair")
        #expect(first.learnerEmail == "kavya@example.org")
        #expect(first.title == "Cloud Practitioner")
        #expect(first.issuedAtMs == ItemDate.parseISO8601("2024-01-15T14:00:00Z"))
        #expect(first.expiresAtMs == nil)
        #expect(second.learnerName == "Arjun Das")
        #expect(second.learnerEmail == "arjun@example")  // passed through; the matcher judges it
        #expect(page.items[2] == .invalid(externalId: "b1c4", reason: "unparseable expires_at \"never\""))

        let next = try adapter.fetchPage(
            PageRequest(cursor: page.nextCursor, sinceMs: 1_704_067_200_000, pageSize: 50), using: http)
        #expect(http.requests[1].url == page.nextCursor)
        #expect(http.requests[1].query.isEmpty)
        #expect(next.nextCursor == nil)
    }
}
