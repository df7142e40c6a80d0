import Testing

@testable import CredSyncTUI

@Suite struct BufferTests {
    @Test func textIsTruncatedWithAnEllipsisByDisplayWidth() {
        var buffer = Buffer(width: 12, height: 3)
        #expect(buffer.write("credentials", x: 0, y: 0, maxWidth: 8) == 8)
        buffer.write("abc", x: 0, y: 1, maxWidth: 3)
        buffer.write("overflowing the edge", x: 6, y: 2)
        #expect(buffer.lines == ["credent…", "abc", "      overf…"])
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var buffer = Buffer(width: 10, height: 2)
        #expect(buffer.write("日本語", x: 0, y: 0) == 6)
        #expect(buffer[1, 0].isContinuation)
        // Five columns: two wide characters and the ellipsis, never half of the third.
        buffer.write("日本語xyz", x: 0, y: 1, maxWidth: 5)
        #expect(buffer.lines == ["日本語", "日本…"])
        #expect(DisplayWidth.of("✅") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("é") == 1)
    }

    @Test func textWidthCountsGraphemesWhetherOrNotItIsPlainASCII() {
        #expect(DisplayWidth.of("HTTP 503 · GET /v1/credentials") == 30)
        #expect(DisplayWidth.of("") == 0)
        // A control character is one column (its stand-in); CR LF is one grapheme, so one column.
        #expect(DisplayWidth.of("a\tb") == 3)
        #expect(DisplayWidth.of("a\r\nb") == 3)
        #expect(DisplayWidth.of("Zoë 日本") == 8)
    }

    @Test func controlCharactersAreDrawnAsVisibleStandIns() {
        var buffer = Buffer(width: 12, height: 1)
        buffer.write("a\tb\u{1b}[2J\r\n\u{9b}\u{202e}", x: 0, y: 0)
        #expect(buffer.lines == ["a␉b␛[2J⏎\u{FFFD}\u{FFFD}"])
    }

    @Test func drawingOutsideTheGridIsClipped() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.write("xyz", x: -1, y: 0)
        buffer.write("never", x: 0, y: 5)
        buffer.fill(Rect(x: 2, y: 1, width: 10, height: 10), "#")
        #expect(buffer.lines == ["yz", "  ##"])
    }

    @Test func boxesHaveTitles() {
        var buffer = Buffer(width: 12, height: 3)
        buffer.box(buffer.area, title: "Queue")
        #expect(buffer.lines == ["╭ Queue ───╮", "│          │", "╰──────────╯"])
        #expect(buffer[2, 0].role == .title)
        #expect(buffer[0, 0].role == .border)
    }

    @Test func theDiffHoldsOnlyChangedCells() {
        var before = Buffer(width: 5, height: 2)
        before.write("hello", x: 0, y: 0)
        var after = before
        after.write("J", x: 0, y: 0)
        after.write("!", x: 4, y: 1, role: .error)
        let diff = BufferDiff(from: before, to: after)
        #expect(!diff.isFullRedraw)
        #expect(
            diff.changes == [
                BufferDiff.Change(x: 0, y: 0, cell: Cell("J")),
                BufferDiff.Change(x: 4, y: 1, cell: Cell("!", role: .error)),
            ])
        #expect(BufferDiff(from: after, to: after).isEmpty)
    }

    @Test func aRoleChangeAloneIsAChange() {
        var before = Buffer(width: 3, height: 1)
        before.write("abc", x: 0, y: 0)
        var after = before
        after.setRole(.selection, in: Rect(x: 1, y: 0, width: 1, height: 1))
        #expect(BufferDiff(from: before, to: after).changes.map(\.x) == [1])
    }

    @Test func withoutAComparablePreviousFrameEveryCellIsSent() {
        let frame = Buffer(width: 3, height: 2)
        #expect(BufferDiff(from: nil, to: frame).changes.count == 6)
        #expect(BufferDiff(from: Buffer(width: 2, height: 2), to: frame).isFullRedraw)
    }
}
