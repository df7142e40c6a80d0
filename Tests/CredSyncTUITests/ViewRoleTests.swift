import CredSyncCore
import Testing

@testable import CredSyncTUI

/// What the text snapshots cannot see: the roles (colours) cells are drawn in.
@Suite struct ViewRoleTests {
    let size = Size(width: 120, height: 40)

    func render(_ model: DashboardModel = DashboardFixture.model()) -> Buffer {
        DashboardView.render(model, size: size)
    }

    /// The role of the first cell of the first occurrence of `text` on row `y` (or anywhere).
    func role(of text: String, in buffer: Buffer, row: Int? = nil) -> StyleRole? {
        for y in row.map({ [$0] }) ?? Array(0..<buffer.height) {
            let line = buffer.lines[y]
            guard let range = line.range(of: text) else { continue }
            // Columns equal characters here: the fixture's text is narrow.
            var x = line.distance(from: line.startIndex, to: range.lowerBound)
            var column = 0
            while column <= x, column < buffer.width {
                if buffer[column, y].isContinuation { x += 1 }
                column += 1
            }
            return buffer[x, y].role
        }
        return nil
    }

    @Test func statusesAreColouredByOutcome() {
        let buffer = render()
        #expect(role(of: "✗ failed  skills", in: buffer) == .error)
        #expect(role(of: "✓ ok", in: buffer) == .ok)
        #expect(role(of: "▲ partial", in: buffer) == .warn)
        #expect(role(of: "✗ failing", in: buffer) == .error)
        #expect(role(of: "▲ retrying", in: buffer) == .warn)
        #expect(role(of: "◷ delayed", in: buffer) == .warn)
    }

    @Test func tokenExpiryIsColouredByUrgency() {
        let buffer = render()
        #expect(role(of: "in 50m", in: buffer) == .error, "less than a day")
        #expect(role(of: "expired 5h ago", in: buffer) == .error)
        #expect(role(of: "in 3d", in: buffer) == .warn, "within the refresh window")
        #expect(role(of: "in 40d", in: buffer) == .ok)
        #expect(role(of: "HTTP 401 invalid_grant", in: buffer) == .error)
    }

    @Test func theHeaderShowsAlertsAndTheRateLimitInTheirColours() {
        let buffer = render()
        #expect(role(of: "⚠ 2 open alerts", in: buffer, row: 0) == .error)
        #expect(role(of: "● engine", in: buffer, row: 0) == .ok)
        #expect(role(of: "rate limited, next start in 12s", in: buffer, row: 1) == .warn)
        var snapshot = DashboardFixture.snapshot()
        snapshot.schedulerEnabled = false
        snapshot.queuePaused = true
        snapshot.rateLimitedUntilMs = nil
        let paused = render(DashboardUpdate.update(DashboardFixture.model(), .snapshot(snapshot)).0)
        #expect(role(of: "scheduler paused", in: paused, row: 1) == .warn)
        #expect(role(of: "queue paused", in: paused, row: 1) == .warn)
        #expect(!paused.lines[1].contains("rate limited"))
    }

    @Test func theSelectedRowOfTheFocusedPaneIsHighlighted() {
        let buffer = render(DashboardUpdate.update(DashboardFixture.model(), .key(.character("j"))).0)
        #expect(role(of: "swayam", in: buffer) == .selection)
        #expect(role(of: "nsqf", in: buffer) == .text)
        #expect(role(of: "1 Platforms", in: buffer) == .focus)
        #expect(role(of: "2 Queue", in: buffer) == .title)
    }

    @Test func progressBarsAreFilledByTheShareDone() {
        let buffer = render()
        let row = buffer.lines.firstIndex { $0.contains("▶ active") }!
        let cells = (0..<buffer.width).map { buffer[$0, row] }
        let filled = cells.filter { $0.role == .barFill }.count
        let empty = cells.filter { $0.role == .barEmpty }.count
        #expect(filled + empty > 0)
        #expect(filled == Int(Double(filled + empty) * 1_234 / 5_000))
    }

    @Test func theFlashIsColouredBySuccess() {
        let failed = DashboardUpdate.update(
            DashboardFixture.model(),
            .commandFinished(
                .syncAll,
                CommandResult(
                    succeeded: false, message: "no engine"))
        ).0
        #expect(role(of: "✗ no engine", in: render(failed), row: 39) == .error)
        let done = DashboardUpdate.update(
            DashboardFixture.model(),
            .commandFinished(
                .syncAll,
                CommandResult(
                    succeeded: true, message: "queued 4"))
        ).0
        #expect(role(of: "✓ queued 4", in: render(done), row: 39) == .ok)
    }
}
