import CredSyncCore
import Testing

@testable import CredSyncTUI

/// Platform data full of escape sequences: the dashboard draws stand-ins, never the sequences themselves.
@Suite struct HostileTextTests {
    static let hostile = "Asha\u{1b}[31m\u{1b}]0;pwned\u{07}\r\u{1b}[1A\u{1b}[2J\u{202e}evil\nname"

    @Test func escapeSequencesInPlatformDataRenderAsStandIns() {
        var model = DashboardFixture.model(size: Size(width: 220, height: 60))
        var snapshot = DashboardFixture.snapshot()
        snapshot.pending[0].learnerName = Self.hostile
        snapshot.pending[0].title = "Title\u{1b}[2J"
        snapshot.pending[0].matchNote = "note\u{9b}31m"
        model = DashboardUpdate.update(model, .snapshot(snapshot)).0
        let screen = DashboardView.render(model, size: Size(width: 220, height: 60)).text
        #expect(!screen.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!screen.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(screen.contains("Asha␛[31m␛]0;pw"))
        #expect(screen.contains("Title␛[2J"))
    }

    @Test func theOneSanitiserKeepsOrdinaryTextAsItIs() {
        #expect(TerminalText.safe("Joseph D'Souza — 日本語 ✅") == "Joseph D'Souza — 日本語 ✅")
        #expect(TerminalText.safe("a\r\nb\tc\u{7f}") == "a⏎b␉c␡")
        #expect(TerminalText.safe(Self.hostile) == "Asha␛[31m␛]0;pwned␇␍␛[1A␛[2J\u{FFFD}evil⏎name")
    }
}

/// The Queue pane says how long a running job has waited for the platform's answer.
@Suite struct QueueWaitingNoteTests {
    @Test func aJobWaitingForAnAnswerSaysForHowLong() {
        var row = DashboardFixture.jobs[0]
        row.awaitingResponseSinceMs = DashboardFixture.nowMs - 25_000
        let waiting = QueueTable.note(row, nowMs: DashboardFixture.nowMs, rateLimitedUntilMs: nil)
        #expect(waiting == .text("waiting for response 25s", .warn))
        row.awaitingResponseSinceMs = DashboardFixture.nowMs - 500
        #expect(QueueTable.note(row, nowMs: DashboardFixture.nowMs, rateLimitedUntilMs: nil) != waiting, "a quick answer is not news")
    }
}
