import Testing

@testable import CredSyncTUI

/// Error and note cells read cause first; a cut loses the middle of the URL, never the status.
struct CauseTextTests {
    static let error503 =
        "GET http://127.0.0.1:8080/nsqf/v1/credentials answered HTTP 503: `upstream busy` — still failing after 3 retries"

    @Test(arguments: [
        // A wide cell: everything, cause first.
        (
            error503, 160,
            "HTTP 503 Service Unavailable: `upstream busy` — still failing after 3 retries · "
                + "GET http://127.0.0.1:8080/nsqf/v1/credentials"
        ),
        // Narrower: the request keeps its start and its end.
        (
            error503, 100,
            "HTTP 503 Service Unavailable: `upstream busy` — still failing after 3 retries · GET http:/…edentials"
        ),
        // Too narrow for the request: the cause alone (the cell cuts its end).
        (error503, 40, "HTTP 503 Service Unavailable: `upstream busy` — still failing after 3 retries"),
        (
            "POST https://auth.example.com/oauth/token answered HTTP 401: `invalid_client`", 200,
            "HTTP 401 Unauthorized: `invalid_client` · POST https://auth.example.com/oauth/token"
        ),
        // An unusual status keeps its number without a phrase.
        ("GET http://h/x answered HTTP 599", 80, "HTTP 599 · GET http://h/x"),
        // A transport failure: what happened first.
        (
            "GET http://10.0.0.9/api could not connect (Connection refused); check the platform's API URL", 200,
            "could not connect (Connection refused); check the platform's API URL · GET http://10.0.0.9/api"
        ),
        // Texts that name no request are left as they are.
        ("no user with this email or phone", 10, "no user with this email or phone"),
        ("invalid_grant", 80, "invalid_grant"),
        ("GET is not a URL answered", 80, "GET is not a URL answered"),
    ])
    func causeFirst(text: String, width: Int, expected: String) {
        let fitted = CauseText.fit(text, width: width)
        #expect(fitted == expected)
        if fitted.contains(CauseText.separator) { #expect(DisplayWidth.of(fitted) <= width) }
    }

    @Test(arguments: [
        ("GET http://example.com/a/b/c", 12, "GET ht…a/b/c"),
        ("GET http://example.com/a/b/c", 28, "GET http://example.com/a/b/c"),
        ("abcdef", 1, "…"),
        ("abcdef", 0, ""),
        ("日本語のURL", 6, "日…RL"),
    ])
    func elideMiddle(text: String, width: Int, expected: String) {
        #expect(CauseText.elideMiddle(text, width: width) == expected)
        #expect(DisplayWidth.of(CauseText.elideMiddle(text, width: width)) <= width)
    }

    /// The cause column goes last: at a width where something must go, every other droppable column is dropped
    /// first, and the cause column never vanishes while a flexible column has more than its minimum.
    @Test(arguments: [40, 60, 80, 100, 120, 160, 220])
    func theCauseColumnIsTheLastToGo(width: Int) {
        let table = Table(
            columns: [
                Table.Column(title: "Started", width: 8),
                Table.Column(title: "Platform", width: 8, flex: 1),
                Table.Column(title: "Trigger", width: 8, priority: 1),
                Table.Column(title: "Took", width: 7, priority: 1),
                Table.Column(title: "Error", width: 12, flex: 3, priority: 2, isCause: true),
                Table.Column(title: "New", width: 6, priority: 4),
            ], rows: [], selected: nil, scroll: 0, focused: false, emptyMessage: "")
        let layout = table.fit(width: width)
        let shown = Set(layout.map(\.index))
        if !shown.contains(4) {
            #expect(shown == [0, 1])
            #expect(layout.first { $0.index == 1 }!.width == width - 9)
        }
        if shown.contains(2) || shown.contains(3) || shown.contains(5) { #expect(shown.contains(4)) }
        #expect(shown.contains(4) == (width >= 8 + 1 + 8 + 1 + 12))
    }

    /// Spare width goes to short names first, then to the cause's whole text, then by flex to the columns still cut:
    /// at 50 columns the Platform column keeps `skills_portal` (13) whole, the cause gets its 18, and the 7 left go
    /// to Title, the one column still cut. With room for every text, the slack goes to the cause, at the row's end.
    @Test func spareWidthGoesToNamesThenToTheCause() {
        let error = "invalid identifier"
        let table = Table(
            columns: [
                Table.Column(title: "Platform", width: 8, flex: 1),
                Table.Column(title: "Title", width: 10, flex: 3),
                Table.Column(title: "Why", width: 8, flex: 1, priority: 2, isCause: true),
            ],
            rows: [[.plain("skills_portal"), .plain(String(repeating: "t", count: 80)), .cause(error, .warn)]],
            selected: nil, scroll: 0, focused: false, emptyMessage: "")
        let layout = table.fit(width: 50)
        #expect(layout.map(\.width) == [13, 10 + 7, 18])
        let roomy = table.fit(width: 130)
        #expect(roomy.map(\.width) == [13, 80, 130 - 13 - 80 - 2])
        let wider = table.fit(width: 60)
        #expect(wider[0].width >= 13)
        #expect(wider[2].width >= DisplayWidth.of(error))
    }

    /// What a cut column reaching its longest text leaves of its share goes to the columns still cut, not to blank
    /// slack at the end of the cause; a progress bar widens to show its `done/total` once the cause has its room.
    @Test func aShareLeftByOneCutColumnGoesToTheOthers() {
        let table = Table(
            columns: [
                Table.Column(title: "Learner", width: 8, flex: 1),
                Table.Column(title: "Title", width: 8, flex: 1),
                Table.Column(title: "Why", width: 8, flex: 1, priority: 2, isCause: true),
            ],
            rows: [[.plain(String(repeating: "l", count: 60)), .plain(String(repeating: "t", count: 17)), .cause("why", .warn)]],
            selected: nil, scroll: 0, focused: false, emptyMessage: "")
        #expect(table.fit(width: 46).map(\.width) == [19, 17, 8])

        let queue = Table(
            columns: [
                Table.Column(title: "Progress", width: 10, flex: 2),
                Table.Column(title: "Note", width: 12, flex: 2, priority: 3, isCause: true),
            ],
            rows: [[.bar(done: 40_000, total: 102_040, perSecond: 9_000), .cause("HTTP 503 Service Unavailable", .warn)]],
            selected: nil, scroll: 0, focused: false, emptyMessage: "")
        let layout = queue.fit(width: 80)
        #expect(layout[1].width >= 28)
        #expect(layout[0].width == 10 + 1 + 4 + 1 + 15)
        var buffer = Buffer(width: 80, height: 2)
        queue.draw(in: Rect(x: 0, y: 0, width: 80, height: 2), into: &buffer)
        #expect(buffer.lines[1].contains("40,000/102,040"), "\(buffer.lines[1])")
    }
}
