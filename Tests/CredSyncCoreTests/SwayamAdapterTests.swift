import CredSyncCore
import CredSyncTestSupport
import Testing

private let swayamPage = """
    {"results":[
      {"id":"SW-1","learner":{"full_name":"Meera Iyer","email":"meera@example.org","phone":"09876543210"},
       "course":{"code":"noc24-cs01","title":"Programming in Java","institute":"IIT Kharagpur"},"score":78.5,
       "completed_at":"2024-04-30T18:30:00+05:30","certificate_url":"https://swayam.example/c/SW-1",
       "updated_at":"2024-05-01T00:00:00Z"},
      {"id":"SW-2","learner":{"full_name":"X"},"course":{"title":"Soft Skills"},"completed_at":"30/04/2024"},
      {"learner":{"full_name":"Nobody"}}
    ],"next_cursor":"eyJvIjozfQ"}
    """

@Suite struct SwayamAdapterTests {
    let adapter = try! SwayamAdapter(
        definition: PlatformDefinition(
            name: "swayam", adapter: "swayam", apiBaseURL: "https://swayam.example", apiVersion: "v2"))

    @Test func readsCompletionsAndPassesTheCursorBack() throws {
        let http = CannedPlatformHTTP(json: swayamPage, #"{"results":[],"next_cursor":null}"#)
        let page = try adapter.fetchPage(PageRequest(cursor: nil, sinceMs: nil, pageSize: 3), using: http)
        #expect(http.requests[0].url == "https://swayam.example/v2/completions")
        #expect(http.requests[0].query("limit") == "3")
        #expect(http.requests[0].query("cursor") == nil)
        #expect(page.nextCursor == "eyJvIjozfQ")
        guard case .credential(let item) = page.items[0] else { Issue.record("not a credential"); return }
        #expect(item.externalId == "SW-1")
        #expect(item.learnerPhone == "09876543210")
        #expect(item.learnerEmail == "meera@example.org")
        #expect(item.learnerName == "Meera Iyer")
        #expect(item.title == "Programming in Java")
        #expect(item.issuedAtMs == ItemDate.parseISO8601("2024-04-30T13:00:00Z"))
        #expect(item.expiresAtMs == nil)
        #expect(page.items[1] == .invalid(externalId: "SW-2", reason: "unparseable completed_at \"30/04/2024\""))
        #expect(page.items[2] == .invalid(externalId: nil, reason: "no id"))

        let last = try adapter.fetchPage(
            PageRequest(cursor: "eyJvIjozfQ", sinceMs: 1_714_521_600_000, pageSize: 3), using: http)
        #expect(http.requests[1].query("cursor") == "eyJvIjozfQ")
        #expect(http.requests[1].query("since") == "2024-05-01T00:00:00Z")
        #expect(last.nextCursor == nil)
        #expect(last.items.isEmpty)
    }
}
