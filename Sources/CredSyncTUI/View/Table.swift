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
        /// The column that says why (an error, a note): every other droppable column goes before it does.
        var isCause = false
        /// A fixed column whose text may be longer than `width` (a time with its word: `failed 23h 59m ago`)
        /// widens up to this, as short flexible texts do, before a cause column takes the spare.
        var growsTo: Int?
    }

    enum Content: Equatable {
        case text(String, StyleRole)
        /// Progress of `done` items: with a known `total` a bar of fixed width, its percentage and `done/total`;
        /// without one an activity mark, the count and the throughput (never an empty bar that reads as 0 %).
        case bar(done: Int, total: Int?, perSecond: Double?)
        /// An error or note drawn cause first, the request it concerns elided in the middle (`CauseText`).
        case cause(String, StyleRole)

        static func plain(_ text: String) -> Content { .text(text, .text) }
    }

    /// The longest text a flexible column may hold and still be widened to it before a cause column.
    static let shortText = 16

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
                (columns[$0].isCause ? 0 : 1, columns[$0].priority, $0)
                    < (columns[$1].isCause ? 0 : 1, columns[$1].priority, $1)
            })
        {
            shown.removeAll { $0 == drop }
        }
        var spare = max(0, width - needed(shown))
        var widths = shown.map { columns[$0].width }
        let widest = shown.map { index in
            let column = columns[index]
            return column.flex > 0 || column.isCause || column.growsTo != nil ? widestText(in: index) : 0
        }
        func widen(_ position: Int, to target: Int) {
            let extra = min(spare, max(0, target - widths[position]))
            widths[position] += extra
            spare -= extra
        }
        // Flexible columns of short texts (names) and growing ones (times) take what their longest needs, the most
        // important first; then a cause column takes what its longest needs; then flexible columns still cut share
        // the rest by flex, each up to its longest; what is left goes to the cause column (or the last flexible
        // one), where it is blank at a row's end.
        let byPriority = shown.indices.sorted { (columns[shown[$0]].priority, $0) < (columns[shown[$1]].priority, $1) }
        for position in byPriority where !columns[shown[position]].isCause {
            let column = columns[shown[position]]
            if let limit = column.growsTo {
                widen(position, to: min(widest[position], limit))
            } else if column.flex > 0 && widest[position] <= Self.shortText {
                widen(position, to: widest[position])
            }
        }
        for (position, index) in shown.enumerated() where columns[index].isCause { widen(position, to: widest[position]) }
        // Shared round by round: what a column reaching its longest leaves (and the rounding) goes to the others.
        while spare > 0 {
            let cut = shown.indices.filter {
                columns[shown[$0]].flex > 0 && !columns[shown[$0]].isCause && widest[$0] > widths[$0]
            }
            let totalFlex = cut.map { columns[shown[$0]].flex }.reduce(0, +)
            guard totalFlex > 0 else { break }
            let share = spare
            for position in cut {
                let extra = max(1, share * columns[shown[position]].flex / totalFlex)
                widen(position, to: min(widest[position], widths[position] + extra))
            }
        }
        if let last = shown.indices.last(where: { columns[shown[$0]].isCause })
            ?? shown.indices.last(where: { columns[shown[$0]].flex > 0 })
        {
            widths[last] += spare
        }
        var x = 0
        var result: [(index: Int, x: Int, width: Int)] = []
        for (position, index) in shown.enumerated() {
            result.append((index, x, min(widths[position], max(0, width - x))))
            x += widths[position] + 1
        }
        return result
    }

    /// The widest text of column `index` in any row, as drawn when nothing is cut.
    private func widestText(in index: Int) -> Int {
        rows.map { row in
            switch row[index] {
            case .text(let text, _): DisplayWidth.of(text)
            case .cause(let text, _): DisplayWidth.of(CauseText.fit(text, width: .max))
            case .bar(let done, let total, let perSecond): Self.barWidth(done: done, total: total, perSecond: perSecond)
            }
        }.max() ?? 0
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
                case .cause(let text, let role):
                    let role = isSelected ? .selection : role
                    buffer.write(
                        CauseText.fit(text, width: column.width), x: x, y: y, role: role, maxWidth: column.width)
                case .bar(let done, let total, let perSecond):
                    drawBar(
                        done: done, total: total, perSecond: perSecond, x: x, y: y, width: column.width,
                        into: &buffer, selected: isSelected)
                }
            }
        }
    }

    /// The width a bar reads best at: a 10-cell bar with its percentage and `done/total`; without a total, its
    /// activity text.
    private static func barWidth(done: Int, total: Int?, perSecond: Double?) -> Int {
        guard let total, total > 0 else { return DisplayWidth.of(activityText(done: done, perSecond: perSecond)) }
        return 10 + 1 + percentRoom + 1 + countRoom(total: total)
    }

    private static func activityText(done: Int, perSecond: Double?) -> String {
        "▸ " + Format.count(done) + (perSecond.map { " · " + Format.rate($0) } ?? "")
    }

    /// Room for the widest percentage and count a bar of `total` can reach.
    private static let percentRoom = 4
    private static func countRoom(total: Int) -> Int { 2 * DisplayWidth.of(Format.count(total)) + 1 }

    /// A bar whose width depends only on the column and the total (never on `done`, so it does not narrow as the
    /// count grows), then the percentage, then `done/total` when there is room; without a total, `▸ count · rate`.
    private func drawBar(
        done: Int, total: Int?, perSecond: Double?, x: Int, y: Int, width: Int, into buffer: inout Buffer,
        selected: Bool
    ) {
        guard let total, total > 0 else {
            let text = Self.activityText(done: done, perSecond: perSecond)
            buffer.write(text, x: x, y: y, role: selected ? .selection : .accent, maxWidth: width)
            return
        }
        let fraction = min(max(Double(done) / Double(total), 0), 1)
        let percent = "\(Int((fraction * 100).rounded(.down)))%"
        let count = "\(Format.count(done))/\(Format.count(total))"
        let percentRoom = Self.percentRoom, countRoom = Self.countRoom(total: total)
        let minimumBar = 4
        var labels: [(text: String, room: Int)] = []
        if width >= minimumBar + 1 + percentRoom { labels.append((percent, percentRoom)) }
        // The count only beside a bar wide enough to read.
        if width >= 2 * minimumBar + 1 + percentRoom + 1 + countRoom { labels.append((count, countRoom)) }
        let barWidth = width - labels.map { $0.room + 1 }.reduce(0, +)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        for offset in 0..<max(0, barWidth) {
            buffer[x + offset, y] = offset < filled ? Cell("█", role: .barFill) : Cell("░", role: .barEmpty)
        }
        var labelX = x + barWidth + 1
        for label in labels {
            buffer.writeRight(label.text, x: labelX, y: y, width: label.room, role: selected ? .selection : .text)
            labelX += label.room + 1
        }
    }
}
