/// The add/edit platform form: one row per field, its error beside it, secrets masked.
enum PlatformFormView {
    static let labelWidth = 15

    static func draw(_ form: PlatformForm, size: Size, into buffer: inout Buffer) {
        let fields = form.visibleFields
        let box = OverlayLayout.form(size, fieldCount: fields.count)
        OverlayViews.frame(box, title: form.isEditing ? "Edit platform \(form[.name])" : "Add platform", into: &buffer)
        let errors = form.errors
        let valueWidth = min(44, max(10, (box.width - 4 - labelWidth) * 55 / 100))
        let errorX = box.x + 2 + labelWidth + valueWidth + 2
        let rows = box.height - 6
        let focusedIndex = fields.firstIndex(of: form.focused) ?? 0
        let first = max(0, min(focusedIndex - rows + 1, fields.count - rows))
        for (row, field) in fields.dropFirst(first).prefix(rows).enumerated() {
            let y = box.y + 2 + row
            let focused = field == form.focused
            buffer.write(
                field.label, x: box.x + 2, y: y, role: focused ? .focus : .text, maxWidth: labelWidth - 1, bold: focused
            )
            let valueX = box.x + 2 + labelWidth
            buffer.fill(Rect(x: valueX, y: y, width: valueWidth, height: 1), role: focused ? .selection : .input)
            let value = form[field]
            let shown: String
            var role: StyleRole = focused ? .selection : .input
            if value.isEmpty, field.isSecret, form.isEditing {
                shown = "(unchanged)"
                role = .dim
            } else if field.isSecret {
                shown = String(repeating: "•", count: value.count)
            } else {
                shown = value
            }
            // Keep the end of a long value, where the typing happens, in view.
            let visible = focused ? tail(shown, width: valueWidth - 1) : shown
            let written = buffer.write(visible, x: valueX, y: y, role: role, maxWidth: valueWidth)
            if focused {
                if role != .dim { buffer[valueX + written, y] = Cell(" ", role: .input, reverse: true) }
                buffer.cursor = Point(x: role == .dim ? valueX : valueX + written, y: y)
                if !field.choices.isEmpty { buffer.write("←→", x: valueX + valueWidth - 2, y: y, role: .accent) }
            }
            if let error = errors[field] {
                buffer.write("✗ " + error, x: errorX, y: y, role: .error, maxWidth: box.maxX - 2 - errorX)
            }
        }
        let statusY = box.maxY - 3
        if form.saving {
            buffer.write("saving…", x: box.x + 2, y: statusY, role: .accent)
        } else if let saveError = form.saveError {
            buffer.write("✗ " + saveError, x: box.x + 2, y: statusY, role: .error, maxWidth: box.width - 4)
        } else if form.previewing {
            buffer.write("fetching the first page…", x: box.x + 2, y: statusY, role: .accent)
        } else if case .success(let summary)? = form.preview {
            buffer.write("✓ " + summary, x: box.x + 2, y: statusY, role: .accent, maxWidth: box.width - 4)
        } else if case .failure(let error)? = form.preview {
            buffer.write("✗ " + error.message, x: box.x + 2, y: statusY, role: .error, maxWidth: box.width - 4)
        } else if form.submitted, !errors.isEmpty {
            buffer.write("fix the fields marked ✗", x: box.x + 2, y: statusY, role: .error)
        }
        buffer.write(
            "tab ↑↓ field  ←→ choose  ctrl-t test  enter save  esc cancel", x: box.x + 2, y: box.maxY - 2,
            role: .dim, maxWidth: box.width - 4)
    }

    /// The last `width` columns of `text`, with `…` in front when cut.
    static func tail(_ text: String, width: Int) -> String {
        guard DisplayWidth.of(text) > width, width > 1 else { return text }
        var result = ""
        var used = 1
        for character in text.reversed() {
            let characterWidth = DisplayWidth.of(character)
            if used + characterWidth > width { break }
            result.insert(character, at: result.startIndex)
            used += characterWidth
        }
        return "…" + result
    }
}
