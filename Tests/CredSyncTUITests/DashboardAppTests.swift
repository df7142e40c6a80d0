import CredSyncCore
import Foundation
import Testing

@testable import CredSyncTUI

/// The pieces of the runner that need no terminal: rendering entry points, the mailbox and the refresh thread.
@Suite struct DashboardAppTests {
    final class CountingSource: DashboardDataSource, @unchecked Sendable {
        private let lock = NSLock()
        private var reads = 0
        var readCount: Int { lock.withLock { reads } }

        func snapshot() throws -> DashboardSnapshot {
            let count = lock.withLock {
                reads += 1
                return reads
            }
            if count == 2 { throw StoreFailure() }
            return DashboardFixture.snapshot()
        }

        func perform(_ command: DashboardCommand) -> CommandResult { CommandResult(succeeded: true, message: "ok") }

        struct StoreFailure: Error, CustomStringConvertible {
            var description: String { "disk I/O error" }
        }
    }

    @Test func renderFrameDrawsTheFirstScreen() {
        let buffer = DashboardApp.renderFrame(snapshot: DashboardFixture.snapshot(), size: Size(width: 200, height: 60))
        #expect(buffer.size == Size(width: 200, height: 60))
        #expect(buffer.lines[0].contains("credsync"))
        #expect(buffer.lines.contains { $0.contains("skills_portal") })
    }

    @Test func renderTextAppliesKeys() {
        let text = DashboardApp.renderText(
            snapshot: DashboardFixture.snapshot(), size: Size(width: 80, height: 24), keys: [.character("5")])
        #expect(text.contains("5 Tokens (5)"))
        #expect(!text.contains("1 Platforms (5)"))
    }

    @Test func theMailboxKeepsOnlyTheLatestSnapshotAndEveryResult() {
        let mailbox = Mailbox()
        mailbox.postSnapshot(.snapshotFailed("old"))
        mailbox.postResult(.tick(nowMs: 1))
        mailbox.postSnapshot(.snapshotFailed("new"))
        mailbox.postResult(.tick(nowMs: 2))
        #expect(mailbox.take() == [.snapshotFailed("new"), .tick(nowMs: 1), .tick(nowMs: 2)])
        #expect(mailbox.take().isEmpty)
    }

    @Test func theRefresherReadsOnItsThreadAndReportsFailures() {
        let source = CountingSource()
        let mailbox = Mailbox()
        let refresher = SnapshotRefresher(dataSource: source, mailbox: mailbox, activeIntervalMs: 10_000, idleIntervalMs: 10_000)
        refresher.start()
        var seen: [Action] = []
        let deadline = Date(timeIntervalSinceNow: 3)
        while seen.count < 2, Date() < deadline {
            if seen.count == 1, source.readCount == 1 { refresher.refreshNow() }
            seen += mailbox.take()
            Thread.sleep(forTimeInterval: 0.005)
        }
        refresher.stop()
        let reads = source.readCount
        #expect(seen.count == 2)
        #expect(seen.first == .snapshot(DashboardFixture.snapshot()))
        #expect(seen.last == .snapshotFailed("cannot read the database: disk I/O error"))
        Thread.sleep(forTimeInterval: 0.05)
        #expect(source.readCount == reads, "a stopped refresher reads no more")
    }
}

/// The refresher's and the loop's timing rules, as pure functions.
@Suite struct RefreshTimingTests {
    @Test func theRefresherReadsOftenOnlyWhileAJobRuns() {
        var snapshot = DashboardFixture.snapshot()
        #expect(SnapshotRefresher.intervalMs(after: snapshot, activeMs: 250, idleMs: 1_000) == 250)
        snapshot.jobs.removeAll { $0.job.state == .active }
        #expect(SnapshotRefresher.intervalMs(after: snapshot, activeMs: 250, idleMs: 1_000) == 1_000)
        #expect(SnapshotRefresher.intervalMs(after: nil, activeMs: 250, idleMs: 1_000) == 1_000)
    }

    @Test func onlySnapshotsWithNewsArePosted() {
        let snapshot = DashboardFixture.snapshot()
        #expect(SnapshotRefresher.isNews(snapshot, since: nil))
        var later = snapshot
        later.nowMs += 5_000
        #expect(!SnapshotRefresher.isNews(later, since: snapshot), "the UI keeps the clock")
        later.workersBusy += 1
        #expect(SnapshotRefresher.isNews(later, since: snapshot))
    }

    @Test func theScreenClockMovesByWholeSeconds() {
        let model = DashboardModel(snapshot: DashboardFixture.snapshot(), size: Size(width: 120, height: 40))
        let shown = DashboardApp.showingClock(model, nowMs: DashboardFixture.nowMs + 1_999)
        #expect(shown.snapshot?.nowMs == DashboardFixture.nowMs + 1_000)
        #expect(DashboardApp.showingClock(DashboardModel(), nowMs: 5).snapshot == nil)
    }

    @Test func aTickAloneDoesNotRedraw() {
        let model = DashboardUpdate.update(
            DashboardModel(size: Size(width: 120, height: 40)), .snapshot(DashboardFixture.snapshot())).0
        let ticked = DashboardUpdate.update(model, .tick(nowMs: DashboardFixture.nowMs + 300)).0
        #expect(DashboardApp.sameScreen(model, ticked))
        var flashed = ticked
        flashed.flash = Flash(message: "synced", isError: false, expiresAtMs: DashboardFixture.nowMs + 5_000)
        #expect(!DashboardApp.sameScreen(model, flashed))
    }
}
