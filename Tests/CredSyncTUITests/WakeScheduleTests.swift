import CredSyncCore
import Testing

@testable import CredSyncTUI

/// When the UI thread wakes by itself, given what is on screen: the next whole second only while something shows
/// seconds, else the next whole minute, earlier for a flash that ends.
@Suite struct WakeScheduleTests {
    static let now = DashboardFixture.nowMs
    static let day: Int64 = 86_400_000

    /// Nothing on screen moves within the hour: runs and syncs days ago, no jobs, tokens or countdowns.
    static func quiet() -> DashboardSnapshot {
        var snapshot = DashboardFixture.snapshot()
        snapshot.nextScheduledRunMs = nil
        snapshot.rateLimitedUntilMs = nil
        snapshot.jobs = []
        snapshot.tokens = []
        snapshot.platforms = snapshot.platforms.map {
            var platform = $0
            platform.lastSyncAtMs = now - 3 * day
            platform.lastCompletedStartMs = nil
            return platform
        }
        snapshot.runs = snapshot.runs.map {
            var run = $0
            run.startedAtMs = now - 3 * day
            return run
        }
        return snapshot
    }

    static func model(_ snapshot: DashboardSnapshot?, size: Size = Size(width: 200, height: 60)) -> DashboardModel {
        DashboardModel(snapshot: snapshot, size: size)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var model: DashboardModel
        var nowMs: Int64
        var expectedMs: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var flashing = model(quiet())
        flashing.flash = Flash(message: "synced", isError: false, expiresAtMs: now + 300)
        var detail = model(quiet())
        detail.overlays = [.detail(DetailOverlay(subject: .platform(quiet().platforms[0])))]
        var delayedJob = quiet()
        delayedJob.jobs = [DashboardFixture.snapshot().jobs.first { $0.job.state == .delayed }!]
        var hiddenJob = model(delayedJob, size: Size(width: 80, height: 24))
        hiddenJob.focus = .pending
        var shownJob = hiddenJob
        shownJob.focus = .queue
        return [
            Case(name: "countdowns on screen: the next second", model: model(DashboardFixture.snapshot()),
                 nowMs: now + 250, expectedMs: 750),
            Case(name: "nothing within the hour: the next minute", model: model(quiet()), nowMs: now + 15_000,
                 expectedMs: 45_000),
            Case(name: "no snapshot yet: the next minute", model: model(nil), nowMs: now + 59_999, expectedMs: 1),
            Case(name: "a flash ends first", model: flashing, nowMs: now, expectedMs: 300),
            Case(name: "a detail view shows ages", model: detail, nowMs: now + 100, expectedMs: 900),
            Case(name: "a retry countdown on screen", model: model(delayedJob), nowMs: now + 999, expectedMs: 1),
            Case(name: "a countdown on a hidden tab does not tick", model: hiddenJob, nowMs: now + 500,
                 expectedMs: 59_500),
            Case(name: "the same countdown on the shown tab ticks", model: shownJob, nowMs: now + 500, expectedMs: 500),
        ]
    }()

    @Test(arguments: cases) func wakesAtTheNextChangeOnScreen(_ test: Case) {
        #expect(WakeSchedule.timeoutMs(test.model, nowMs: test.nowMs) == test.expectedMs)
    }

    @Test func onlyTimesWithinTheHourShowSeconds() {
        var snapshot = Self.quiet()
        #expect(!WakeSchedule.showsSeconds(Self.model(snapshot), nowMs: Self.now))
        snapshot.runs[0].startedAtMs = Self.now - 3_599_000
        #expect(WakeSchedule.showsSeconds(Self.model(snapshot), nowMs: Self.now))
        snapshot.runs[0].startedAtMs = Self.now - 3_600_000
        #expect(!WakeSchedule.showsSeconds(Self.model(snapshot), nowMs: Self.now))
    }
}
