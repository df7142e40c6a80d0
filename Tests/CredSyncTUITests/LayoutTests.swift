import Testing

@testable import CredSyncTUI

/// The layout drawn as labelled boxes, as lazygit tests its window arrangement.
@Suite struct LayoutTests {
    static func drawing(_ size: Size) -> String {
        let layout = DashboardLayout.layout(size)
        var buffer = Buffer(size: size)
        guard layout.mode != .tooSmall else { return "too small" }
        buffer.fill(layout.header, "h")
        buffer.fill(layout.footer, "f")
        if let tabBar = layout.tabBar { buffer.fill(tabBar, "t") }
        for pane in Pane.allCases where layout.mode == .tiled || pane == .platforms {
            guard let rect = layout.panes[pane] else { continue }
            buffer.box(rect, title: layout.mode == .tiled ? pane.title : "any pane")
        }
        return buffer.text
    }

    @Test func aSmallTerminalShowsOnePaneUnderATabBar() {
        let layout = DashboardLayout.layout(Size(width: 80, height: 24))
        #expect(layout.mode == .tabbed)
        #expect(Set(layout.panes.values) == [Rect(x: 0, y: 3, width: 80, height: 20)])
        assertSnapshot(Self.drawing(Size(width: 80, height: 24)), named: "layout-80x24")
    }

    @Test func largeTerminalsTileAllFivePanes() {
        for size in [Size(width: 120, height: 40), Size(width: 220, height: 60)] {
            let layout = DashboardLayout.layout(size)
            #expect(layout.mode == .tiled)
            #expect(layout.panes.count == 5)
            // The panes cover the body exactly once.
            var covered = Array(repeating: 0, count: size.width * size.height)
            for rect in layout.panes.values {
                for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { covered[y * size.width + x] += 1 } }
            }
            let body = (DashboardLayout.headerRows * size.width)..<((size.height - 1) * size.width)
            #expect(body.allSatisfy { covered[$0] == 1 })
            #expect(layout.listRows(for: .tokens) >= 3)
            assertSnapshot(Self.drawing(size), named: "layout-\(size.width)x\(size.height)")
        }
    }

    @Test func belowTheMinimumNothingIsLaidOut() {
        #expect(DashboardLayout.layout(Size(width: 50, height: 10)).mode == .tooSmall)
        #expect(DashboardLayout.layout(Size(width: 59, height: 16)).mode == .tooSmall)
        #expect(DashboardLayout.layout(Size(width: 60, height: 15)).mode == .tooSmall)
        #expect(DashboardLayout.layout(Size(width: 60, height: 16)).mode == .tabbed)
        #expect(DashboardLayout.layout(Size(width: 119, height: 60)).mode == .tabbed)
        #expect(DashboardLayout.layout(Size(width: 120, height: 32)).mode == .tiled)
        #expect(Self.drawing(Size(width: 50, height: 10)) == "too small")
    }

    @Test func theTooSmallMessageIsCentredAndNamesBothSizes() {
        let text = DashboardView.render(DashboardModel(), size: Size(width: 70, height: 12)).lines
        #expect(text[5] == "         terminal too small: need at least 60×16, have 70×12")
        let narrow = DashboardView.render(DashboardModel(), size: Size(width: 30, height: 9)).lines
        #expect(
            narrow[3...5].map { $0.trimmingCharacters(in: .whitespaces) } == [
                "terminal too small", "need at least 60×16", "have 30×9",
            ])
    }
}
