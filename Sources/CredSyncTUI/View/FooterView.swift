/// The footer row: the flash message, or the filter being typed, then the keys of the focused pane.
enum FooterView {
    static func draw(_ model: DashboardModel, in rect: Rect, into buffer: inout Buffer) {
        guard rect.height >= 1 else { return }
        let y = rect.y
        var x = rect.x + 1
        let limit = rect.maxX - 1
        if case .filter? = model.topOverlay {
            x += buffer.write("/", x: x, y: y, role: .accent, bold: true)
            x += buffer.write(model[model.focus].filter, x: x, y: y, role: .input, maxWidth: limit - x - 1)
            buffer[x, y] = Cell(" ", role: .input, reverse: true)
            buffer.cursor = Point(x: x, y: y)
            x += 3
            hints([("enter", "keep"), ("esc", "clear"), ("↑↓", "select")], x: &x, y: y, limit: limit, into: &buffer)
            return
        }
        if let flash = model.flash {
            x +=
                buffer.write(
                    (flash.isError ? "✗ " : "✓ ") + flash.message, x: x, y: y, role: flash.isError ? .error : .ok,
                    maxWidth: limit - x, bold: true) + 3
        }
        let all = KeyBindings.footerHints(for: model.focus, overlay: model.topOverlay)
        let pinned = KeyBindings.footerPinned
        let pinnedWidth = width(pinned)
        var end = x
        hints(Array(all.dropLast(pinned.count)), x: &end, y: y, limit: limit - pinnedWidth, into: &buffer)
        // `? help  q quit` stay in sight: the pane's hints give way first.
        x = max(end, min(x, limit - pinnedWidth))
        hints(pinned, x: &x, y: y, limit: limit, into: &buffer)
    }

    /// The columns `hints` takes for these pairs.
    static func width(_ hints: [(key: String, summary: String)]) -> Int {
        hints.map { DisplayWidth.of($0.key) + 1 + DisplayWidth.of($0.summary) + 2 }.reduce(0, +)
    }

    /// Writes `key summary` pairs while whole pairs fit.
    static func hints(
        _ hints: [(key: String, summary: String)], x: inout Int, y: Int, limit: Int, into buffer: inout Buffer
    ) {
        for hint in hints {
            let width = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.summary)
            guard x + width <= limit else { return }
            x += buffer.write(hint.key, x: x, y: y, role: .accent, bold: true) + 1
            x += buffer.write(hint.summary, x: x, y: y, role: .footer) + 2
        }
    }
}
