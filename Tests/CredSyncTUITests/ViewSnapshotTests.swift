import CredSyncCore
import Testing

@testable import CredSyncTUI

/// Whole screens rendered from the fixture, compared with the text stored under Snapshots/.
@Suite struct ViewSnapshotTests {
    static let small = Size(width: 80, height: 24)
    static let medium = Size(width: 120, height: 40)
    static let large = Size(width: 220, height: 60)
    static let sizes = [small, medium, large]

    /// The fixture at `size` after `actions`.
    static func screen(_ size: Size, role: DashboardSnapshot.Role = .engine, _ actions: [Action] = []) -> String {
        var model = DashboardFixture.model(size: size, role: role)
        for action in actions { model = DashboardUpdate.update(model, action).0 }
        return DashboardView.render(model, size: size).text
    }

    static func keys(_ text: String) -> [Action] { text.map { .key(.character($0)) } }

    static func name(_ scenario: String, _ size: Size) -> String { "\(scenario)-\(size.width)x\(size.height)" }

    // MARK: - Panes

    @Test(arguments: Pane.allCases)
    func eachPaneOnASmallTerminal(pane: Pane) {
        let actions = Self.keys("\(pane.number)jj")
        assertSnapshot(
            Self.screen(Self.small, actions),
            named: Self.name("pane-\(pane.title.lowercased().replacingOccurrences(of: " ", with: "-"))", Self.small))
    }

    @Test(arguments: [medium, large])
    func everyPaneTiledOnALargeTerminal(size: Size) {
        assertSnapshot(Self.screen(size, Self.keys("2j")), named: Self.name("tiled", size))
    }

    @Test func theHeaderShowsAViewerAndAMissingEngine() {
        assertSnapshot(Self.screen(Self.medium, role: .viewer(holder: "ops-host:4242")), named: "header-viewer-120x40")
        assertSnapshot(Self.screen(Self.small, role: .noEngine), named: "header-no-engine-80x24")
    }

    @Test func aNarrowTabBarKeepsEveryTabAndItsCount() {
        let narrow = Size(width: 60, height: 16)
        var model = DashboardFixture.model(size: narrow)
        var snapshot = DashboardFixture.snapshot()
        snapshot.pendingTotal = 14_146
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        let screen = DashboardView.render(model, size: narrow).text
        assertSnapshot(screen, named: "tab-bar-60x16")
        let tabs = String(screen.split(separator: "\n")[2])
        #expect(tabs.trimmingTrailingSpaces.hasSuffix("   5"), "the last tab is whole: \(tabs)")
        #expect(tabs.contains("4·14,146"))
        #expect(!tabs.contains("…"))
    }

    /// The Pending pane as a window far into a filtered list: the title counts the matches among all pending, the
    /// counter the position among the matches.
    @Test(arguments: sizes)
    func pendingIsAWindowOverTheWholeList(size: Size) {
        var window = DashboardFixture.snapshot()
        // The last 60 of 1,000 matches: rows 941...1,000.
        window.pending = (0..<60).map { index in
            var credential = window.pending[index % window.pending.count]
            credential.id = 10_000 + Int64(index)
            credential.learnerName = "Learner \(941 + index)"
            return credential
        }
        window.pendingOffset = 940
        window.pendingMatches = 1_000
        window.pendingFilter = "nsqf"
        let actions = Self.keys("4/nsqf") + [.key(.enter), .snapshot(window), .key(.character("G")), .key(.up)]
        assertSnapshot(Self.screen(size, actions), named: Self.name("pending-window", size))
    }

    /// Sync logs as a window far into a million runs filtered to the failed ones: the title counts the matches
    /// among all runs, the counter the position among the matches; partial runs say how many items were invalid.
    @Test(arguments: sizes)
    func syncLogsIsAWindowOverTheWholeLog(size: Size) {
        var window = DashboardFixture.snapshot()
        // Rows 4,941...5,000 of the 5,000 runs that match, of 1,000,000.
        window.runs = (0..<60).map { index in
            var run = window.runs[index % window.runs.count]
            run.id = 900_000 - Int64(index)
            run.startedAtMs = DashboardFixture.nowMs - 40 * DashboardFixture.day - Int64(index) * DashboardFixture.hour
            return run
        }
        window.runsPlace = ListWindowPlace(offset: 4_940, matches: 5_000, total: 1_000_000, filter: "a")
        let actions = Self.keys("3/a") + [.key(.enter), .snapshot(window), .key(.character("G")), .key(.up)]
        assertSnapshot(Self.screen(size, actions), named: Self.name("logs-window", size))
    }

    /// Scrolled far down the log while 1,234 runs came in above the one last seen at the top (counted by the data
    /// source, the run being outside the loaded window).
    @Test(arguments: sizes)
    func syncLogsCountNewRunsFarFromTheLoadedWindow(size: Size) {
        var window = DashboardFixture.snapshot()
        window.runsPlace = ListWindowPlace(offset: 0, matches: window.runs.count, total: window.runs.count)
        var model = DashboardFixture.model(size: size)
        model = DashboardUpdate.update(model, .snapshot(window)).0
        model = DashboardUpdate.update(model, .key(.character("3"))).0
        let seen = model.windows.newestSeenRun
        #expect(seen?.id == window.runs[0].id)
        // The selected run now sits 50,022nd, in a window that no longer holds the newest seen run.
        var far = window
        let older = (0..<20).map {
            DashboardFixture.run(100 - $0, platform: 1, "nsqf", .succeeded, startedAgo: 2 * DashboardFixture.day, durationMs: 900)
        }
        far.runs = older + window.runs.dropFirst() + older.map {
            var run = $0
            run.id -= 50
            return run
        }
        far.runsPlace = ListWindowPlace(offset: 50_000, matches: 60_000, total: 60_000)
        far.newestSeenRun = seen
        far.runsAboveSeen = 1_234
        for action in Self.keys("jj") + [.snapshot(far)] { model = DashboardUpdate.update(model, action).0 }
        #expect(model.selectedRun?.id == 206)
        #expect(model[.logs].selected == 50_021)
        #expect(model.newLogRuns == 1_234)
        assertSnapshot(DashboardView.render(model, size: size).text, named: Self.name("logs-new-runs-far", size))
    }

    /// The Queue as a window far into 3,000 shown jobs filtered to the failed ones.
    @Test(arguments: sizes)
    func queueIsAWindowOverEveryShownJob(size: Size) {
        var window = DashboardFixture.snapshot()
        window.jobs = (0..<40).map { index in
            var row = DashboardFixture.jobs[3]
            row.job.id = 5_000 - Int64(index)
            row.job.finishedAt = DashboardFixture.nowMs - 2 * DashboardFixture.hour - Int64(index) * DashboardFixture.hour
            return row
        }
        window.jobsPlace = ListWindowPlace(offset: 2_160, matches: 2_200, total: 3_000, filter: "failed")
        let actions = Self.keys("2/failed") + [.key(.enter), .snapshot(window), .key(.character("G"))]
        assertSnapshot(Self.screen(size, actions), named: Self.name("queue-window", size))
    }

    /// Sync logs scrolled away from the top while three runs came in: the run stays, the title counts the new ones.
    @Test(arguments: sizes)
    func syncLogsCountNewRunsWhileScrolledAway(size: Size) {
        var newer = DashboardFixture.snapshot()
        newer.runs.insert(
            contentsOf: (209...211).reversed().map {
                DashboardFixture.run($0, platform: 2, "swayam", .running, startedAgo: 2_000, durationMs: nil, fetched: 100)
            }, at: 0)
        assertSnapshot(Self.screen(size, Self.keys("3jj") + [.snapshot(newer)]), named: Self.name("logs-new-runs", size))
    }

    @Test func beforeTheFirstSnapshotThePanesSayLoading() {
        let model = DashboardModel(size: Self.small)
        assertSnapshot(DashboardView.render(model, size: Self.small).text, named: "loading-80x24")
    }

    @Test func emptyPanesSayWhatToDo() {
        var model = DashboardModel(size: Self.medium)
        model =
            DashboardUpdate.update(
                model,
                .snapshot(
                    DashboardSnapshot(
                        nowMs: DashboardFixture.nowMs, databasePath: "/tmp/empty.db", role: .engine))
            ).0
        assertSnapshot(DashboardView.render(model, size: Self.medium).text, named: "empty-120x40")
    }

    @Test func aTerminalBelowTheMinimumGetsAMessage() {
        assertSnapshot(Self.screen(Size(width: 50, height: 10)), named: "too-small-50x10")
        assertSnapshot(Self.screen(Size(width: 59, height: 30)), named: "too-small-59x30")
    }

    @Test func aCommandResultFlashesInTheFooter() {
        let result = CommandResult(succeeded: false, message: "rate limited, try again in 42 s")
        assertSnapshot(
            Self.screen(Self.small, [.commandFinished(.syncPlatform(platformId: 1), result)]), named: "flash-80x24")
    }

    // MARK: - Overlays

    static let overlays: [(String, [Action])] = [
        ("help", keys("?")),
        ("help-scrolled", keys("?G")),
        ("detail-platform", keys("1j") + [.key(.enter)]),
        ("detail-job", keys("2jjj") + [.key(.enter)]),
        ("detail-run-error", keys("3jj") + [.key(.enter)]),
        ("detail-run-invalid", keys("3jjj") + [.key(.enter)]),
        (
            "detail-credential",
            keys("4") + [
                .key(.enter),
                .commandFinished(
                    .loadRawItem(credentialId: 501),
                    CommandResult(
                        succeeded: true, message: "",
                        payload: .rawItem(
                            credentialId: 501,
                            text:
                                #"{"certificate_id":"NSQF-501","candidate":{"name":"Asha Verma","email":"asha.verma@example.in","mobile":null},"qualification":{"title":"Retail Sales Associate","nsqf_level":4},"issued_on":"2025-10-22"}"#
                        ))),
            ]
        ),
        ("detail-token", keys("5j") + [.key(.enter)]),
        ("confirm-disable", keys("1e")),
        ("confirm-cancel-job", keys("2d")),
        ("confirm-reject", keys("4jx")),
        ("confirm-quit", keys("q")),
        (
            "form-add-errors",
            keys("aBad Name") + [.key(.tab), .key(.tab)] + keys("nope") + [
                .key(.tab), .key(.tab), .key(.tab), .key(.tab),
            ] + keys("x") + [.key(.enter)]
        ),
        (
            "form-edit",
            keys("1E") + [
                .key(.down), .key(.down), .key(.down), .key(.down), .key(.down), .key(.down), .key(.down), .key(.down),
            ] + keys("id-123")
        ),
        (
            "claim",
            keys("4c") + [
                .commandFinished(
                    .searchUsers(query: "asha.verma@example.in"),
                    CommandResult(
                        succeeded: true, message: "", payload: .users(DashboardFixture.users))), .key(.down),
            ]
        ),
        (
            "claim-confirm-mismatch",
            keys("4c") + [
                .commandFinished(
                    .searchUsers(query: "asha.verma@example.in"),
                    CommandResult(
                        succeeded: true, message: "", payload: .users(DashboardFixture.users))), .key(.enter),
            ]
        ),
        ("alerts", keys("A")),
        ("alerts-acknowledge", keys("A") + [.key(.enter)]),
        ("filter", keys("1/sk")),
        ("filter-no-match", keys("3/zzz") + [.key(.enter)]),
    ]

    @Test(arguments: overlays.indices)
    func eachOverlayAtEverySize(index: Int) {
        let (scenario, actions) = Self.overlays[index]
        for size in Self.sizes {
            assertSnapshot(Self.screen(size, actions), named: Self.name(scenario, size))
        }
    }
}
