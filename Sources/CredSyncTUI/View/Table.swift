/// A list with column headings, drawn inside a pane's box. Columns that do not fit are dropped, least important
/// first; flexible columns share what is left.
struct Table {
    struct Column {
        var title: String
        /// The narrowest it may be.
        var width: Int
        /// Its share of the spare columns; 0 keeps it at `width`.
        var flex = 0
        var alignRight = false
        /// 0 is always shown; higher numbers are dropped first when space runs out.
        var priority = 0
    }

    enum Content: Equatable {
        case text(String, StyleRole)
        /// A progress bar filled `fraction` (nil: unknown, drawn empty) followed by `label`.
        case bar(fraction: Double?, label: String)

        static func plain(_ text: String) -> Content { .text(text, .text) }
    }

    var columns: [Column]
    var rows: [[Content]]
    /// The selected row, highlighted when `focused`.
    var selected: Int?
    var scroll: Int
    var focused: Bool
    /// Shown when there are no rows.
    var emptyMessage: String

    /// The columns that fit in `width`, as (index, x offset, width).
    func fit(width: Int) -> [(index: Int, x: Int, width: Int)] {
        var shown = Array(columns.indices)
        func needed(_ indices: [Int]) -> Int {
            indices.map { columns[$0].width }.reduce(0, +) + max(0, indices.count - 1)
        }
        while needed(shown) > width,
            let drop = shown.filter({ columns[$0].priority > 0 }).max(by: {
                (columns[$0].priority, $0) < (columns[$1].priority, $1)
            })
        {
            shown.removeAll { $0 == drop }
        }
        var spare = max(0, width - needed(shown))
        let totalFlex = shown.map { columns[$0].flex }.reduce(0, +)
        var widths = shown.map { columns[$0].width }
        if totalFlex > 0 {
            let share = spare
            for (position, index) in shown.enumerated() where columns[index].flex > 0 {
                let extra = share * columns[index].flex / totalFlex
                widths[position] += extra
                spare -= extra
            }
            if let last = shown.lastIndex(where: { columns[$0].flex > 0 }) { widths[last] += spare }
        }
        var x = 0
        var result: [(index: Int, x: Int, width: Int)] = []
        for (position, index) in shown.enumerated() {
            result.append((index, x, min(widths[position], max(0, width - x))))
            x += widths[position] + 1
        }
        return result
    }

    /// Draws the headings on the first row of `rect` and the rows below them.
    func draw(in rect: Rect, into buffer: inout Buffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        let layout = fit(width: rect.width)
        for column in layout {
            let spec = columns[column.index]
            if spec.alignRight {
                buffer.writeRight(spec.title, x: rect.x + column.x, y: rect.y, width: column.width, role: .dim)
            } else {
                buffer.write(spec.title, x: rect.x + column.x, y: rect.y, role: .dim, maxWidth: column.width)
            }
        }
        guard !rows.isEmpty else {
            if rect.height > 1 {
                let width = min(DisplayWidth.of(emptyMessage), rect.width)
                buffer.write(
                    emptyMessage, x: rect.x + (rect.width - width) / 2,
                    y: rect.y + 1 + (rect.height - 1) / 2 - (rect.height > 3 ? 1 : 0),
                    role: .dim, maxWidth: rect.width)
            }
            return
        }
        for line in 0..<(rect.height - 1) {
            let rowIndex = scroll + line
            guard rowIndex < rows.count else { break }
            let y = rect.y + 1 + line
            let isSelected = focused && rowIndex == selected
            if isSelected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .selection) }
            for column in layout {
                let x = rect.x + column.x
                switch rows[rowIndex][column.index] {
                case .text(let text, let role):
                    let role = isSelected ? .selection : role
                    if columns[column.index].alignRight {
                        buffer.writeRight(text, x: x, y: y, width: column.width, role: role)
                    } else {
                        buffer.write(text, x: x, y: y, role: role, maxWidth: column.width)
                    }
                case .bar(let fraction, let label):
                    drawBar(
                        fraction: fraction, label: label, x: x, y: y, width: column.width, into: &buffer,
                        selected: isSelected)
                }
            }
        }
    }

    /// A bar with its label when there is room, else with a percentage, else the bar alone.
    private func drawBar(
        fraction: Double?, label: String, x: Int, y: Int, width: Int, into buffer: inout Buffer, selected: Bool
    ) {
        var label = label
        if DisplayWidth.of(label) + 7 > width {
            label = fraction.map { "\(Int(($0 * 100).rounded(.down)))%" } ?? label
            if DisplayWidth.of(label) + 4 > width { label = "" }
        }
        let labelWidth = DisplayWidth.of(label)
        let barWidth = label.isEmpty ? width : width - labelWidth - 1
        let filled = fraction.map { Int((min(max($0, 0), 1) * Double(barWidth)).rounded(.down)) } ?? 0
        for offset in 0..<max(0, barWidth) {
            buffer[x + offset, y] = offset < filled ? Cell("█", role: .barFill) : Cell("░", role: .barEmpty)
        }
        if !label.isEmpty {
            buffer.write(label, x: x + barWidth + 1, y: y, role: selected ? .selection : .text, maxWidth: labelWidth)
        }
    }
}
