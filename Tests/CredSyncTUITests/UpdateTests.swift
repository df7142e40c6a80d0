import CredSyncCore
import Testing

@testable import CredSyncCore
@testable import CredSyncTUI

/// `update` for every key: the model it leaves and the commands it sends.
@Suite struct UpdateTests {
    typealias Fixture = DashboardFixture

    /// The fixture model after `keys` (characters, or named keys), with every command sent along the way.
    func press(_ keys: [Key], on model: DashboardModel = Fixture.model()) -> (DashboardModel, [DashboardCommand]) {
        var model = model
        var commands: [DashboardCommand] = []
        for key in keys {
            let (next, sent) = DashboardUpdate.update(model, .key(key))
            model = next
            commands += sent
        }
        return (model, commands)
    }

    func press(_ text: String, on model: DashboardModel = Fixture.model()) -> (DashboardModel, [DashboardCommand]) {
        press(text.map { Key.character($0) }, on: model)
    }

    func result(_ model: DashboardModel, _ command: DashboardCommand, _ result: CommandResult) -> DashboardModel {
        DashboardUpdate.update(model, .commandFinished(command, result)).0
    }

    // MARK: - Focus

    @Test func tabAndShiftTabCycleThePanes() {
        #expect(press([.tab]).0.focus == .queue)
        #expect(press([.tab, .tab, .tab, .tab, .tab]).0.focus == .platforms)
        #expect(press([.backTab]).0.focus == .tokens)
        #expect(press([.right]).0.focus == .queue)
        #expect(press([.left]).0.focus == .tokens)
        #expect(press("l").0.focus == .queue)
        #expect(press("h").0.focus == .tokens)
    }

    @Test(arguments: Pane.allCases)
    func digitsFocusAPane(pane: Pane) {
        #expect(press("\(pane.number)").0.focus == pane)
    }

    // MARK: - Moving

    @Test func jkAndTheArrowsMoveTheSelection() {
        #expect(press("jj").0[.platforms].selected == 2)
        #expect(press("jjk").0[.platforms].selected == 1)
        #expect(press([.down, .down, .down, .up]).0[.platforms].selected == 2)
        #expect(press("k").0[.platforms].selected == 0)
        #expect(press("jjjjjjjj").0[.platforms].selected == 4)
        #expect(press("jj").0.selectedPlatform?.name == "openbadges")
        #expect(press("2j").0[.queue].selected == 1)
        #expect(press("2j").0[.platforms].selected == 0, "each pane has its own selection")
    }

    @Test func gAndGJumpToTheEnds() {
        #expect(press("G").0[.platforms].selected == 4)
        #expect(press("Gg").0[.platforms].selected == 0)
        #expect(press([.end]).0[.platforms].selected == 4)
        #expect(press([.end, .home]).0[.platforms].selected == 0)
    }

    /// 100 runs in a pane that shows 17 rows (80×24 tabbed: 20-row box less borders and headings).
    func manyRuns() -> DashboardModel {
        var snapshot = Fixture.snapshot()
        snapshot.runs = (0..<100).map {
            Fixture.run(
                Int64(1_000 - $0), platform: 1, "nsqf", .succeeded, startedAgo: Int64($0) * Fixture.minute,
                durationMs: 1_000)
        }
        var model = DashboardModel(size: Size(width: 80, height: 24))
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        return press("3", on: model).0
    }

    @Test func pageKeysMoveByAPageAndTheListScrollsWithTheSelection() {
        let model = manyRuns()
        #expect(model.layout.listRows(for: .logs) == 17)
        let down = press([.pageDown], on: model).0
        #expect(down[.logs].selected == 17)
        #expect(down[.logs].scroll == 1)
        let further = press([.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown], on: model).0
        #expect(further[.logs].selected == 99)
        #expect(further[.logs].scroll == 83)
        let back = press([.pageUp], on: further).0
        #expect(back[.logs].selected == 82)
        #expect(back[.logs].scroll == 82)
        let text = DashboardView.render(further, size: further.size).text
        #expect(text.contains("100/100"))
    }

    @Test func theSelectionFollowsItsRowWhenANewSnapshotReordersTheRows() {
        let model = press("jj").0  // openbadges
        var snapshot = Fixture.snapshot()
        snapshot.platforms.reverse()
        let next = DashboardUpdate.update(model, .snapshot(snapshot)).0
        #expect(next.selectedPlatform?.name == "openbadges")
        #expect(next[.platforms].selected == 2)
        snapshot.platforms.removeAll { $0.name == "openbadges" }
        let gone = DashboardUpdate.update(next, .snapshot(snapshot)).0
        #expect(gone[.platforms].selected == 2, "a row that went leaves the selection where it was")
    }

    @Test func aResizeKeepsTheSelectionInView() {
        let model = press([.end], on: manyRuns()).0
        let resized = DashboardUpdate.update(model, .resize(Size(width: 80, height: 40))).0
        #expect(resized.size == Size(width: 80, height: 40))
        #expect(resized[.logs].scroll == 100 - resized.layout.listRows(for: .logs))
    }

    // MARK: - Detail

    @Test(arguments: [Pane.platforms, .queue, .logs, .tokens])
    func enterOpensTheSelectedRowsDetail(pane: Pane) {
        let (model, commands) = press([.character(Character("\(pane.number)")), .enter])
        guard case .detail(let detail)? = model.topOverlay else {
            Issue.record("no detail overlay")
            return
        }
        #expect(commands.isEmpty)
        #expect(detail.rawItem == .notApplicable)
        #expect(press([.escape], on: model).0.overlays.isEmpty)
        #expect(press([.enter], on: model).0.overlays.isEmpty)
    }

    @Test func aCredentialsDetailLoadsItsRawItem() {
        let (model, commands) = press([.character("4"), .character("j"), .enter])
        #expect(commands == [.loadRawItem(credentialId: 502)])
        let loaded = result(
            model, .loadRawItem(credentialId: 502),
            CommandResult(
                succeeded: true, message: "", payload: .rawItem(credentialId: 502, text: #"{"id":"502"}"#)))
        guard case .detail(let detail)? = loaded.topOverlay else {
            Issue.record("no detail")
            return
        }
        #expect(detail.rawItem == .loaded(#"{"id":"502"}"#))
        let failed = result(model, .loadRawItem(credentialId: 502), CommandResult(succeeded: false, message: "gone"))
        guard case .detail(let failedDetail)? = failed.topOverlay else {
            Issue.record("no detail")
            return
        }
        #expect(failedDetail.rawItem == .failed("gone"))
    }

    @Test func detailsScroll() {
        var snapshot = Fixture.snapshot()
        snapshot.runs[0].invalidReasons = (1...80).map { "item \($0): no external id" }
        var model = DashboardModel(size: Size(width: 80, height: 24))
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        let opened = press([.character("3"), .enter], on: model).0
        let scrolled = press("jjj", on: opened).0
        guard case .detail(let detail)? = scrolled.topOverlay else {
            Issue.record("no detail")
            return
        }
        #expect(detail.scroll == 3)
        guard case .detail(let bottom)? = press("G", on: opened).0.topOverlay else {
            Issue.record("no detail")
            return
        }
        #expect(bottom.scroll > 70)
        guard case .detail(let top)? = press("Gg", on: opened).0.topOverlay else {
            Issue.record("no detail")
            return
        }
        #expect(top.scroll == 0)
    }

    // MARK: - Filter

    @Test func slashFiltersTheFocusedPane() {
        let (typing, _) = press("3/FAIL")
        #expect(typing.topOverlay == .filter)
        #expect(typing[.logs].filter == "FAIL")
        #expect(typing.rowIndices(.logs).map { typing.snapshot!.runs[$0].id } == [206])
        let kept = press([.enter], on: typing).0
        #expect(kept.overlays.isEmpty)
        #expect(kept[.logs].filter == "FAIL")
        #expect(press([.backspace, .backspace], on: typing).0[.logs].filter == "FA")
        let cleared = press([.escape], on: typing).0
        #expect(cleared.overlays.isEmpty)
        #expect(cleared[.logs].filter == "")
        #expect(press([.escape], on: kept).0[.logs].filter == "", "esc clears a kept filter too")
    }

    @Test func escWithoutAFilterDismissesTheFlash() {
        let model = result(Fixture.model(), .syncAll, CommandResult(succeeded: true, message: "queued 4 platforms"))
        #expect(model.flash?.message == "queued 4 platforms")
        #expect(press([.escape], on: model).0.flash == nil)
    }

    // MARK: - Actions

    @Test func sSyncsTheSelectedRowsPlatformInEveryPane() {
        #expect(press("js").1 == [.syncPlatform(platformId: 2)])
        #expect(press("2jjs").1 == [.syncPlatform(platformId: 2)])
        #expect(press("3jjjs").1 == [.syncPlatform(platformId: 5)])
        #expect(press("4jjjs").1 == [.syncPlatform(platformId: 3)])
        #expect(press("5js").1 == [.syncPlatform(platformId: 3)])
        let empty = DashboardUpdate.update(
            DashboardModel(), .snapshot(DashboardSnapshot(nowMs: 0, databasePath: "", role: .engine))
        ).0
        let (model, commands) = press("s", on: empty)
        #expect(commands.isEmpty)
        #expect(model.flash?.isError == true)
    }

    @Test func capitalSSyncsEverything() {
        #expect(press("S").1 == [.syncAll])
        #expect(press("4S").1 == [.syncAll])
    }

    @Test func rRefreshesATokenFromTheTokensOrPlatformsPane() {
        #expect(press("5jjr").1 == [.refreshToken(platformId: 4)])
        #expect(press("r").1 == [.refreshToken(platformId: 1)])
        var snapshot = Fixture.snapshot()
        snapshot.tokens.removeAll { $0.platformId == 1 }
        let model = DashboardUpdate.update(Fixture.model(), .snapshot(snapshot)).0
        let (noToken, commands) = press("r", on: model)
        #expect(commands.isEmpty)
        #expect(noToken.flash?.message == "nsqf has no token to refresh")
        let (elsewhere, none) = press("3r")
        #expect(none.isEmpty)
        #expect(elsewhere.flash?.message == "r refreshes a token in the Tokens pane (5)")
    }

    @Test func pPausesOrResumesTheScheduler() {
        #expect(press("p").1 == [.setScheduler(enabled: false)])
        var snapshot = Fixture.snapshot()
        snapshot.schedulerEnabled = false
        #expect(
            press("p", on: DashboardUpdate.update(Fixture.model(), .snapshot(snapshot)).0).1 == [
                .setScheduler(enabled: true)
            ])
    }

    @Test func eDisablesAfterAConfirmationAndEnablesAtOnce() {
        let (asking, none) = press("e")
        #expect(none.isEmpty)
        guard case .confirm(let dialog)? = asking.topOverlay else {
            Issue.record("no confirm")
            return
        }
        #expect(dialog.outcome == .command(.setPlatformActive(platformId: 1, active: false)))
        #expect(press("y", on: asking).1 == [.setPlatformActive(platformId: 1, active: false)])
        #expect(press([.enter], on: asking).1 == [.setPlatformActive(platformId: 1, active: false)])
        let (declined, nothing) = press("n", on: asking)
        #expect(nothing.isEmpty)
        #expect(declined.overlays.isEmpty)
        #expect(press([.escape], on: asking).0.overlays.isEmpty)
        #expect(press("jje").1 == [.setPlatformActive(platformId: 3, active: true)])
        #expect(press("2e").0.flash?.isError == true)
    }

    @Test func aOpensAnEmptyFormAndEOneFilledFromTheSelectedPlatform() {
        guard case .platformForm(let adding)? = press("a").0.topOverlay else {
            Issue.record("no form")
            return
        }
        #expect(!adding.isEditing)
        #expect(adding[.name] == "")
        guard case .platformForm(let editing)? = press("E").0.topOverlay else {
            Issue.record("no form")
            return
        }
        #expect(editing.platformId == 1)
        #expect(editing[.baseURL] == "https://nsqf.example.gov.in/api")
        #expect(editing[.authType] == "oauth2_client_credentials")
        let (withoutDefinition, _) = press("jE")
        #expect(withoutDefinition.overlays.isEmpty)
        #expect(withoutDefinition.flash?.message == "swayam's definition is not loaded; try again in a moment")
    }

    @Test func cOpensTheClaimDialogAndSearchesForTheLearner() {
        let (dialogModel, commands) = press("4c")
        #expect(commands == [.searchUsers(query: "asha.verma@example.in")])
        guard case .claim(let dialog)? = dialogModel.topOverlay else {
            Issue.record("no claim dialog")
            return
        }
        #expect(dialog.searching)
        let found = result(
            dialogModel, .searchUsers(query: "asha.verma@example.in"),
            CommandResult(succeeded: true, message: "", payload: .users(Fixture.users)))
        guard case .claim(let withResults)? = found.topOverlay else {
            Issue.record("no claim dialog")
            return
        }
        #expect(withResults.results == Fixture.users)
        #expect(!withResults.searching)
        let (asking, none) = press([.down, .enter], on: found)
        #expect(none.isEmpty, "enter asks before it claims")
        guard case .claim(let confirming)? = asking.topOverlay else {
            Issue.record("the claim dialog must stay open to ask")
            return
        }
        #expect(confirming.confirming)
        let (back, nothing) = press("n", on: asking)
        #expect(nothing.isEmpty)
        guard case .claim(let picking)? = back.topOverlay, !picking.confirming else {
            Issue.record("n goes back to the list")
            return
        }
        let (claimed, claim) = press([.enter, .character("y")], on: back)
        #expect(claim == [.claim(credentialId: 501, userId: 12)])
        #expect(claimed.overlays.isEmpty)
        #expect(press("c").1.isEmpty, "c outside Pending only hints")
        #expect(press("c").0.flash?.message == "c claims a credential in the Pending pane (4)")
    }

    @Test func typingInTheClaimDialogSearchesAgain() {
        let (model, _) = press("4c")
        #expect(press("x", on: model).1 == [.searchUsers(query: "asha.verma@example.inx")])
        #expect(press([.backspace], on: model).1 == [.searchUsers(query: "asha.verma@example.i")])
        #expect(
            press("jk", on: model).1 == [
                .searchUsers(query: "asha.verma@example.inj"), .searchUsers(query: "asha.verma@example.injk"),
            ])
        #expect(press([.enter], on: model).1.isEmpty, "nothing to claim before results arrive")
        #expect(press([.escape], on: model).0.overlays.isEmpty)
        let failed = result(
            model, .searchUsers(query: "asha.verma@example.in"),
            CommandResult(succeeded: false, message: "database is locked"))
        guard case .claim(let dialog)? = failed.topOverlay else {
            Issue.record("no claim dialog")
            return
        }
        #expect(dialog.error == "database is locked")
        // An answer to an earlier query is stale: it neither fills the list nor shows its error.
        let stale = result(model, .searchUsers(query: "q"), CommandResult(succeeded: false, message: "too late"))
        guard case .claim(let unchanged)? = stale.topOverlay else {
            Issue.record("no claim dialog")
            return
        }
        #expect(unchanged.error == nil)
    }

    @Test func ctrlUClearsTheUserSearch() {
        let (cleared, commands) = press([.character("4"), .character("c"), .control("u")])
        guard case .claim(let dialog)? = cleared.topOverlay else {
            Issue.record("no claim dialog")
            return
        }
        #expect(dialog.query.isEmpty)
        #expect(dialog.results.isEmpty)
        #expect(!dialog.searching)
        #expect(commands == [.searchUsers(query: "asha.verma@example.in")], "no search for an empty query")
    }

    @Test func uUndoesTheLastClaimOrRejectMadeHere() {
        let (nothing, none) = press("4u")
        #expect(none.isEmpty)
        #expect(nothing.flash?.message == "nothing to undo: u reverts the last claim or reject made in this dashboard")
        let claimed = result(
            press("4").0, .claim(credentialId: 502, userId: 11),
            CommandResult(succeeded: true, message: "credential 502 claimed for Asha Verma"))
        #expect(claimed.lastDecision == 502)
        #expect(press("u", on: claimed).1 == [.undoDecision(credentialId: 502)])
        #expect(press("1u", on: claimed).1.isEmpty, "u outside Pending only hints")
        #expect(press("1u", on: claimed).0.flash?.message == "u undoes the last claim or reject in the Pending pane (4)")
        let rejected = result(
            claimed, .reject(credentialId: 503, reason: nil),
            CommandResult(succeeded: true, message: "credential 503 rejected"))
        #expect(press("u", on: rejected).1 == [.undoDecision(credentialId: 503)], "the latest decision is undone")
        let failed = result(
            claimed, .reject(credentialId: 504, reason: nil),
            CommandResult(succeeded: false, message: "credential 504 is not pending"))
        #expect(failed.lastDecision == 502, "a refused reject is nothing to undo")
        let undone = result(
            press("j", on: claimed).0, .undoDecision(credentialId: 502),
            CommandResult(succeeded: true, message: "credential 502 is pending again"))
        #expect(undone.lastDecision == nil)
        #expect(undone.flash?.message == "credential 502 is pending again")
        #expect(undone.selectedCredential?.id == 502, "the selection goes to the credential that came back")
    }

    @Test func capitalAOpensTheAlertsWhereEnterAcknowledgesAfterAConfirmation() {
        let (opened, none) = press("A")
        #expect(none.isEmpty)
        guard case .alerts(let alerts)? = opened.topOverlay else {
            Issue.record("A opens the alerts view")
            return
        }
        #expect(alerts.selected == 0)
        let (asking, nothing) = press([.down, .enter], on: opened)
        #expect(nothing.isEmpty, "enter asks first")
        guard case .confirm(let dialog)? = asking.topOverlay else {
            Issue.record("enter asks before acknowledging")
            return
        }
        #expect(dialog.outcome == .command(.acknowledgeAlert(alertId: 2)))
        let (acknowledged, commands) = press("y", on: asking)
        #expect(commands == [.acknowledgeAlert(alertId: 2)])
        guard case .alerts? = acknowledged.topOverlay else {
            Issue.record("the alerts view stays open after the answer")
            return
        }
        #expect(press("n", on: asking).1.isEmpty)
        // The resolved alert, last in the list, has nothing to acknowledge.
        let (resolved, noCommand) = press([.character("G"), .enter], on: opened)
        #expect(noCommand.isEmpty)
        #expect(resolved.flash?.message == "alert 3 (long run · swayam) is resolved: nothing to acknowledge")
        #expect(press([.escape], on: opened).0.overlays.isEmpty)
        #expect(press("A", on: opened).0.overlays.isEmpty, "A closes it again")
    }

    @Test func cAndXWorkInACredentialsDetailWhoseFooterOffersThem() {
        let (detail, _) = press([.character("4"), .enter])
        #expect(KeyBindings.footerHints(for: .pending, overlay: detail.topOverlay).map(\.key) == ["c", "x", "esc", "?", "q"])
        let (claiming, commands) = press("c", on: detail)
        #expect(commands == [.searchUsers(query: "asha.verma@example.in")])
        guard case .claim(let dialog)? = claiming.topOverlay, claiming.overlays.count == 1 else {
            Issue.record("c in the detail opens the claim dialog in its place")
            return
        }
        #expect(dialog.credential.id == 501)
        guard case .confirm(let confirm)? = press("x", on: detail).0.topOverlay else {
            Issue.record("x in the detail asks to reject")
            return
        }
        #expect(confirm.outcome == .command(.reject(credentialId: 501, reason: nil)))
        let (platformDetail, _) = press([.character("1"), .enter])
        #expect(press("c", on: platformDetail).0 == platformDetail, "c does nothing in another detail")
        #expect(KeyBindings.footerHints(for: .platforms, overlay: platformDetail.topOverlay).map(\.key) == ["esc", "?", "q"])
    }

    @Test func xRejectsAfterAConfirmation() {
        let (asking, none) = press("4jx")
        #expect(none.isEmpty)
        #expect(press("y", on: asking).1 == [.reject(credentialId: 502, reason: nil)])
        #expect(press("n", on: asking).1.isEmpty)
        #expect(press("x").0.flash?.message == "x rejects a credential in the Pending pane (4)")
    }

    @Test func capitalRRetriesOnlyAFailedJob() {
        #expect(press("2jjjR").1 == [.retryJob(jobId: 104)])
        let (active, none) = press("2R")
        #expect(none.isEmpty)
        #expect(active.flash?.message == "job #101 is active; only failed or cancelled jobs are retried")
        #expect(press("R").0.flash?.message == "R retries a failed job in the Queue pane (2)")
    }

    @Test func dCancelsAnUnfinishedJobAfterAConfirmation() {
        let (asking, none) = press("2d")
        #expect(none.isEmpty)
        #expect(press("y", on: asking).1 == [.cancelJob(jobId: 101)])
        #expect(press("2jjjd").0.flash?.message == "job #104 is already failed")
        #expect(press("d").0.flash?.message == "d cancels a job in the Queue pane (2)")
    }

    @Test func tCyclesTheThemes() {
        let model = press("t").0
        #expect(model.themeName == "light")
        #expect(model.flash?.message == "theme: light")
        #expect(press("tttt").0.themeName == "default")
    }

    @Test func qAsksFirstOnlyWhenThisEngineRunsJobs() {
        let (asking, _) = press("q")
        #expect(!asking.shouldQuit)
        guard case .confirm(let dialog)? = asking.topOverlay else {
            Issue.record("no confirm")
            return
        }
        #expect(dialog.outcome == .quit)
        #expect(press("y", on: asking).0.shouldQuit)
        #expect(!press("n", on: asking).0.shouldQuit)
        #expect(press("q", on: Fixture.model(role: .viewer(holder: "other"))).0.shouldQuit)
        var idle = Fixture.snapshot()
        idle.jobs.removeAll { $0.job.state == .active }
        #expect(press("q", on: DashboardUpdate.update(Fixture.model(), .snapshot(idle)).0).0.shouldQuit)
    }

    @Test func questionMarkOpensTheHelpWhichScrollsAndCloses() {
        let model = Fixture.model(size: Size(width: 80, height: 24))
        let (help, _) = press("?", on: model)
        #expect(help.topOverlay == .help(scroll: 0))
        #expect(press("jj", on: help).0.topOverlay == .help(scroll: 2))
        let limit = KeyBindings.helpLines.count - OverlayLayout.contentRows(OverlayLayout.help(model.size))
        #expect(press("G", on: help).0.topOverlay == .help(scroll: limit))
        #expect(press([.pageDown, .pageDown, .pageDown], on: help).0.topOverlay == .help(scroll: limit))
        #expect(press("?", on: help).0.overlays.isEmpty)
        #expect(press([.escape], on: help).0.overlays.isEmpty)
        #expect(press("q", on: help).0.overlays.isEmpty)
        #expect(!press("q", on: help).0.shouldQuit)
    }

    @Test func theHelpListsEveryKey() {
        let help = KeyBindings.helpLines.joined(separator: "\n")
        for key in [
            "tab / shift-tab", "1 – 5", "g / G", "PgUp / PgDn", "enter", "/", "esc", "s ", "S ", "r ", "p ", "e ",
            "a / E", "c ", "x ", "u ", "A ", "R ", "d ", "t ", "?", "q ",
        ] {
            #expect(help.contains("  " + key), "\(key) is in the help")
        }
    }

    @Test func unknownKeysDoNothing() {
        let model = Fixture.model()
        let (next, commands) = press("Z", on: model)
        #expect(next == model)
        #expect(commands.isEmpty)
    }

    // MARK: - Results, ticks, snapshots

    @Test func resultsFlashUntilTheyExpire() {
        let model = result(
            Fixture.model(), .syncPlatform(platformId: 1),
            CommandResult(
                succeeded: false, message: "rate limited, try again in 42 s"))
        #expect(
            model.flash
                == Flash(
                    message: "rate limited, try again in 42 s", isError: true,
                    expiresAtMs: Fixture.nowMs + Flash.durationMs))
        #expect(DashboardUpdate.update(model, .tick(nowMs: Fixture.nowMs + 4_999)).0.flash != nil)
        #expect(DashboardUpdate.update(model, .tick(nowMs: Fixture.nowMs + 5_000)).0.flash == nil)
    }

    @Test func aSnapshotErrorIsShownUntilTheNextGoodSnapshot() {
        let failed = DashboardUpdate.update(Fixture.model(), .snapshotFailed("database is locked")).0
        #expect(failed.dataError == "database is locked")
        #expect(failed.snapshot != nil, "the last good snapshot stays")
        #expect(DashboardView.render(failed, size: failed.size).lines[1].contains("⚠ database is locked"))
        #expect(DashboardUpdate.update(failed, .snapshot(Fixture.snapshot())).0.dataError == nil)
    }
}

/// Sync logs follow the newest run while the selection is at the top; scrolled away, they keep the run and count
/// the new ones above it.
@Suite struct LogsFollowTests {
    typealias Fixture = DashboardFixture

    func withNewRuns(_ count: Int, _ model: DashboardModel) -> DashboardModel {
        var snapshot = model.snapshot!
        let newRuns = (1...count).map {
            Fixture.run(208 + Int64($0), platform: 2, "swayam", .running, startedAgo: 0, durationMs: nil)
        }
        snapshot.runs = newRuns.reversed() + snapshot.runs
        return DashboardUpdate.update(model, .snapshot(snapshot)).0
    }

    func press(_ text: String, _ model: DashboardModel) -> DashboardModel {
        text.reduce(model) { DashboardUpdate.update($0, .key(.character($1))).0 }
    }

    @Test func atTheTopTheNewestRunIsSelected() {
        let model = withNewRuns(2, press("3", Fixture.model()))
        #expect(model.selectedRun?.id == 210)
        #expect(model.newLogRuns == 0)
        #expect(!DashboardView.render(model, size: model.size).text.contains("new ↑"))
    }

    @Test func scrolledAwayTheRunStaysAndNewOnesAreCounted() {
        let model = withNewRuns(2, press("3jj", Fixture.model()))
        #expect(model.selectedRun?.id == 206)
        #expect(model.newLogRuns == 2)
        #expect(DashboardView.render(model, size: model.size).text.contains("3 Sync logs (8) · 2 new ↑ (g)"))
        let back = press("g", model)
        #expect(back.selectedRun?.id == 210)
        #expect(back.newLogRuns == 0)
        var next = back.snapshot!
        next.runs.insert(Fixture.run(300, platform: 1, "nsqf", .running, startedAgo: 0, durationMs: nil), at: 0)
        #expect(DashboardUpdate.update(back, .snapshot(next)).0.selectedRun?.id == 300)
    }
}

/// The Sync logs and Queue panes over windows of lists far longer than what is loaded: `G`, `g`, the page keys and
/// `/` move over the whole list and ask the data source for the window the view needs.
@Suite struct PagedPaneKeyTests {
    typealias Fixture = DashboardFixture

    /// The first 60 of 10,000 runs (or jobs) loaded, at 120×40.
    func windowed(_ pane: Pane) -> DashboardModel {
        var snapshot = Fixture.snapshot()
        snapshot.runs = (0..<60).map {
            Fixture.run(
                10_000 - Int64($0), platform: 1, "nsqf", .succeeded, startedAgo: Int64($0) * Fixture.minute,
                durationMs: 900)
        }
        snapshot.runsPlace = ListWindowPlace(offset: 0, matches: 10_000)
        snapshot.jobs = (0..<60).map {
            JobRow(
                job: Fixture.job(
                    10_000 - Int64($0), platform: 1, .failed, finishedAt: Fixture.nowMs - Int64($0) * Fixture.minute),
                platformName: "nsqf", done: 0, total: nil)
        }
        snapshot.jobsPlace = ListWindowPlace(offset: 0, matches: 10_000)
        var model = DashboardUpdate.update(Fixture.model(), .snapshot(snapshot)).0
        model = DashboardUpdate.update(model, .key(.character(Character("\(pane.number)")))).0
        return model
    }

    func press(_ keys: [Key], on model: DashboardModel) -> DashboardModel {
        keys.reduce(model) { DashboardUpdate.update($0, .key($1)).0 }
    }

    func anchor(_ model: DashboardModel, _ pane: Pane) -> String {
        pane == .logs ? "\(model.windows.logs.window.anchor)" : "\(model.windows.queue.window.anchor)"
    }

    @Test(arguments: [Pane.logs, .queue])
    func gGoesToTheLastRowOfTheWholeListAndAsksForTheLastWindow(pane: Pane) {
        let model = press([.character("G")], on: windowed(pane))
        #expect(model[pane].selected == 9_999)
        #expect(model[pane].selectedKey == nil, "the last row is not loaded yet")
        #expect(anchor(model, pane) == "last")
        #expect(DashboardView.render(model, size: model.size).text.contains(" 10,000/10,000 "))
        let back = press([.character("g")], on: model)
        #expect(back[pane].selected == 0)
        #expect(anchor(back, pane) == "first")
    }

    @Test(arguments: [Pane.logs, .queue])
    func pagingPastTheLoadedRowsAsksForTheWindowAfterThem(pane: Pane) {
        let model = windowed(pane)
        let rows = model.layout.listRows(for: pane)
        let pages = 60 / rows + 2
        let paged = press(Array(repeating: .pageDown, count: pages), on: model)
        #expect(paged[pane].selected == pages * rows)
        let wanted = anchor(paged, pane)
        #expect(wanted.hasPrefix("from(") || wanted.hasPrefix("after("), "\(wanted)")
        #expect(paged.newLogRuns == 0)
    }

    /// Scrolled down the Queue into failed jobs, the running ones are still counted: by the quit question, the tab
    /// badge and the refresher's pace.
    @Test func activeJobsCountWhereverTheQueueIsScrolled() {
        var model = windowed(.queue)
        var snapshot = model.snapshot!
        snapshot.activeJobs = 2
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        #expect(!snapshot.jobs.contains { $0.job.state == .active })
        #expect(model.activeJobCount == 2)
        #expect(TabBarView.badgeCount(.queue, model: model) == 2)
        #expect(SnapshotRefresher.intervalMs(after: snapshot, activeMs: 250, idleMs: 1_000) == 250)
        guard case .confirm? = press([.character("q")], on: model).topOverlay else {
            Issue.record("quitting with running jobs asks first")
            return
        }
    }

    @Test(arguments: [Pane.logs, .queue])
    func aFilterIsAskedOfTheDataSourceAndStartsAtTheTop(pane: Pane) {
        let keys: [Key] = [.character("G"), .character("/"), .character("5"), .character("0"), .character("3"), .enter]
        let model = press(keys, on: windowed(pane))
        #expect(model[pane].selected == 0)
        let request = pane == .logs ? model.windows.logs.filter : model.windows.queue.filter
        #expect(request == "503")
        #expect(anchor(model, pane) == "first")
    }
}
