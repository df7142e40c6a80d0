/// Draws the overlays: help, detail, confirm, the platform form and the claim dialog. Each clears its box first.
enum OverlayViews {
    static func draw(_ overlay: Overlay, model: DashboardModel, size: Size, into buffer: inout Buffer) {
        switch overlay {
        case .help(let scroll):
            let box = OverlayLayout.help(size)
            frame(box, title: "Keys", into: &buffer)
            scrolledText(KeyBindings.helpLines, scroll: scroll, in: box, hint: "↑↓ scroll  esc close", into: &buffer) {
                line in
                line.hasPrefix(" ") ? .text : .title
            }
            // Key names in the accent colour.
            let top = box.y + 1
            for row in 0..<OverlayLayout.contentRows(box) {
                let index = scroll + row
                guard index < KeyBindings.helpLines.count else { break }
                let line = KeyBindings.helpLines[index]
                if line.hasPrefix("  ") {
                    buffer.write(
                        String(line.dropFirst(2).prefix(18)).trimmingTrailingSpaces, x: box.x + 4, y: top + row,
                        role: .accent, maxWidth: 18, bold: true)
                }
            }
        case .detail(let detail):
            let box = OverlayLayout.detail(size)
            frame(box, title: DetailContent.title(detail), into: &buffer)
            let lines = DetailContent.lines(
                detail, snapshot: model.snapshot, width: OverlayLayout.contentWidth(box), windowMs: model.tokenWindowMs)
            scrolledText(lines, scroll: detail.scroll, in: box, hint: "↑↓ PgUp PgDn scroll  esc close", into: &buffer) {
                line in
                line.hasPrefix("Error ") || line.hasPrefix("Last error ") ? .error : .text
            }
        case .filter:
            break
        case .confirm(let dialog):
            let box = OverlayLayout.confirm(size)
            frame(box, title: dialog.title, into: &buffer)
            let lines = Format.wrap(dialog.message, width: box.width - 4)
            for (row, line) in lines.prefix(box.height - 4).enumerated() {
                buffer.write(line, x: box.x + 2, y: box.y + 1 + row, maxWidth: box.width - 4)
            }
            var x = box.x + 2
            x += buffer.write("y", x: x, y: box.maxY - 2, role: .accent, bold: true) + 1
            x += buffer.write("yes", x: x, y: box.maxY - 2) + 3
            x += buffer.write("n", x: x, y: box.maxY - 2, role: .accent, bold: true) + 1
            buffer.write("no", x: x, y: box.maxY - 2)
        case .platformForm(let form):
            PlatformFormView.draw(form, size: size, into: &buffer)
        case .claim(let dialog):
            ClaimDialogView.draw(
                dialog, countryCode: model.snapshot?.defaultCountryCode ?? "91", size: size, into: &buffer)
        case .alerts(let alerts):
            AlertsView.draw(alerts, model: model, size: size, into: &buffer)
        }
    }

    /// A cleared box with a title.
    static func frame(_ box: Rect, title: String, into buffer: inout Buffer) {
        buffer.fill(box)
        buffer.box(box, title: title, role: .focus, titleRole: .focus)
    }

    /// `lines` from `scroll` inside `box`, a scroll position in the border and `hint` on the last inner row.
    static func scrolledText(
        _ lines: [String], scroll: Int, in box: Rect, hint: String, into buffer: inout Buffer,
        role: (String) -> StyleRole
    ) {
        let rows = OverlayLayout.contentRows(box)
        let scroll = min(scroll, max(0, lines.count - rows))
        for row in 0..<rows {
            let index = scroll + row
            guard index < lines.count else { break }
            buffer.write(
                lines[index], x: box.x + 2, y: box.y + 1 + row, role: role(lines[index]),
                maxWidth: OverlayLayout.contentWidth(box))
        }
        buffer.write(hint, x: box.x + 2, y: box.maxY - 2, role: .dim, maxWidth: box.width - 4)
        if lines.count > rows {
            let position = " \(min(scroll + rows, lines.count))/\(lines.count) "
            buffer.writeRight(position, x: box.x + 1, y: box.maxY - 1, width: box.width - 3, role: .focus)
        }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
