import CredSyncCore
import Testing

@testable import CredSyncTUI

/// The Queue's progress and time cells read right: a bar that keeps its width, no empty bar for an unknown
/// total, and times that say what they measure.
struct QueueTableTests {
    static func drawBar(done: Int, total: Int?, perSecond: Double? = nil, width: Int = 30) -> (String, Int) {
        let table = Table(
            columns: [Table.Column(title: "Progress", width: width)],
            rows: [[.bar(done: done, total: total, perSecond: perSecond)]], selected: nil, scroll: 0,
            focused: false, emptyMessage: "")
        var buffer = Buffer(width: width, height: 2)
        table.draw(in: Rect(x: 0, y: 0, width: width, height: 2), into: &buffer)
        let bar = (0..<width).filter { buffer[$0, 1].role == .barFill || buffer[$0, 1].role == .barEmpty }.count
        return (buffer.lines[1], bar)
    }

    @Test(arguments: [10, 14, 24, 30, 40])
    func theBarKeepsItsWidthAsTheCountGrows(width: Int) {
        let widths = [0, 1, 999, 1_000, 4_999, 5_000].map { Self.drawBar(done: $0, total: 5_000, width: width).1 }
        #expect(Set(widths).count == 1, "\(widths)")
        #expect(widths[0] >= 4)
        let (line, _) = Self.drawBar(done: 1_234, total: 5_000, width: width)
        #expect(line.contains("24%"))
        #expect(line.contains("1,234/5,000") == (width >= 2 * 4 + 1 + 4 + 1 + 11))
    }

    @Test func anUnknownTotalShowsActivityAndThroughputNotAnEmptyBar() {
        let (line, bar) = Self.drawBar(done: 1_234, total: nil, perSecond: 2_345.6)
        #expect(bar == 0)
        #expect(line.hasPrefix("▸ 1,234 · 2.3k/s"))
        #expect(!line.contains("%"))
        #expect(Self.drawBar(done: 0, total: 0).1 == 0)
    }

    @Test(arguments: [
        (JobState.active, "running 42s"),
        (.delayed, "retry in 25s"),
        (.failed, "failed 2h ago"),
        (.completed, "done 2h ago"),
        (.cancelled, "cancel 2h ago"),
    ])
    func whenSaysWhichTimeItShows(state: JobState, expected: String) {
        let now = DashboardFixture.nowMs
        let job = DashboardFixture.job(
            1, platform: 1, state, attempts: 1, runAt: now + 25_000, startedAt: now - 42_000,
            finishedAt: state.isFinished ? now - 7_200_000 : nil)
        guard case .text(let text, _) = QueueTable.when(job, nowMs: now, rateLimitedUntilMs: nil) else {
            Issue.record("not text")
            return
        }
        #expect(text == expected)
    }

    /// A countdown reads whole seconds, rounded up (never `retry in 789ms`), and the When column widens to its
    /// longest text before the Note takes the spare, so `failed 23h 59m ago` is never cut while a note is shown.
    @Test func countdownsReadWholeSecondsAndWhenIsNeverCut() throws {
        let now = DashboardFixture.nowMs
        let soon = DashboardFixture.job(1, platform: 1, .delayed, attempts: 1, runAt: now + 211)
        #expect(QueueTable.when(soon, nowMs: now, rateLimitedUntilMs: nil) == .text("retry in 1s", .warn))
        let old = DashboardFixture.job(
            2, platform: 1, .failed, attempts: 3, runAt: now, finishedAt: now - (23 * 3_600 + 59 * 60) * 1_000)
        var row = JobRow(job: old, platformName: "skills_portal", done: 0, total: nil)
        row.job.lastError = "HTTP 503 Service Unavailable · GET http://127.0.0.1:9/v1/completions?limit=1000"
        var model = DashboardModel(size: Size(width: 220, height: 60))
        model.snapshot = DashboardFixture.snapshot()
        model.snapshot!.jobs = [row]
        let table = QueueTable.make(model, indices: [0])
        let when = try #require(table.fit(width: 108).first { table.columns[$0.index].title == "When" })
        #expect(when.width >= DisplayWidth.of("failed 23h 59m ago"))
    }
}

