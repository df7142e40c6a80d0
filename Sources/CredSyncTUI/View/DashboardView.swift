/// The dashboard's `view`: the whole screen as a buffer of cells, from the model and the terminal size. Pure.
public enum DashboardView {
    /// With `cache`, panes whose inputs did not change since the last frame are copied from it, not rebuilt.
    public static func render(_ model: DashboardModel, size: Size, cache: PaneCache? = nil) -> Buffer {
        var buffer = Buffer(size: size)
        let layout = DashboardLayout.layout(size)
        guard layout.mode != .tooSmall else {
            drawTooSmall(size, into: &buffer)
            return buffer
        }
        HeaderView.draw(model, in: layout.header, into: &buffer)
        if let tabBar = layout.tabBar {
            TabBarView.draw(model, in: tabBar, into: &buffer)
            if let rect = layout.panes[model.focus] {
                drawPane(model.focus, model: model, in: rect, focused: true, cache: cache, into: &buffer)
            }
        } else {
            for pane in Pane.allCases {
                guard let rect = layout.panes[pane] else { continue }
                drawPane(pane, model: model, in: rect, focused: pane == model.focus, cache: cache, into: &buffer)
            }
        }
        FooterView.draw(model, in: layout.footer, into: &buffer)
        for overlay in model.overlays {
            OverlayViews.draw(overlay, model: model, size: size, into: &buffer)
        }
        return buffer
    }

    static func drawPane(
        _ pane: Pane, model: DashboardModel, in rect: Rect, focused: Bool, cache: PaneCache?, into buffer: inout Buffer
    ) {
        if let cache {
            cache.draw(pane, model: model, in: rect, focused: focused, into: &buffer)
        } else {
            PaneView.draw(pane, model: model, in: rect, focused: focused, into: &buffer)
        }
    }

    static func drawTooSmall(_ size: Size, into buffer: inout Buffer) {
        let minimum = DashboardLayout.minimumSize
        let message =
            "terminal too small: need at least \(minimum.width)×\(minimum.height), have \(size.width)×\(size.height)"
        let lines =
            DisplayWidth.of(message) <= size.width
            ? [message]
            : [
                "terminal too small", "need at least \(minimum.width)×\(minimum.height)",
                "have \(size.width)×\(size.height)",
            ]
        let top = max(0, (size.height - lines.count) / 2)
        for (row, line) in lines.enumerated() {
            let width = DisplayWidth.of(line)
            buffer.write(line, x: max(0, (size.width - width) / 2), y: top + row, role: .warn, bold: true)
        }
    }
}
