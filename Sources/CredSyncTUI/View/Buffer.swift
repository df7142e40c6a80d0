/// A width × height grid of cells that views draw into; the terminal backend copies it to the screen.
///
/// Drawing clips to the grid, so a view never has to check bounds. Text is truncated by display width with `…`.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal shows its cursor (the text being typed), nil for none.
    public var cursor: Point?

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public init(size: Size) { self.init(width: size.width, height: size.height) }

    public var size: Size { Size(width: width, height: height) }
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    // MARK: - Drawing

    /// Writes `text` from (`x`, `y`) in at most `maxWidth` columns (and never past the right edge), ending with `…`
    /// when it does not fit. Returns the columns written.
    @discardableResult
    public mutating func write(
        _ text: String, x: Int, y: Int, role: StyleRole = .text, maxWidth: Int? = nil, bold: Bool = false,
        reverse: Bool = false
    ) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - x)
        guard limit > 0 else { return 0 }
        let fits = DisplayWidth.of(text) <= limit
        let budget = fits ? limit : limit - 1
        var column = x
        for character in text {
            let printable = DisplayWidth.printable(character)
            let columns = DisplayWidth.of(printable)
            if column - x + columns > budget { break }
            if column >= 0 {
                self[column, y] = Cell(printable, role: role, bold: bold, reverse: reverse)
                if columns == 2 { self[column + 1, y] = .continuation(role: role) }
            }
            column += columns
        }
        if !fits {
            self[column, y] = Cell("…", role: role, bold: bold, reverse: reverse)
            column += 1
        }
        return column - x
    }

    /// Writes `text` right-aligned in the `width` columns starting at `x`.
    public mutating func writeRight(_ text: String, x: Int, y: Int, width: Int, role: StyleRole = .text) {
        let textWidth = min(DisplayWidth.of(text), width)
        write(text, x: x + width - textWidth, y: y, role: role, maxWidth: width)
    }

    /// Fills `rect` with `character` in `role`.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", role: StyleRole = .text) {
        let rect = clipped(rect)
        guard !rect.isEmpty else { return }
        let cell = Cell(character, role: role)
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { self[x, y] = cell }
        }
    }

    /// Changes the role of every cell in `rect`, keeping the characters.
    public mutating func setRole(_ role: StyleRole, in rect: Rect) {
        let rect = clipped(rect)
        guard !rect.isEmpty else { return }
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { cells[y * width + x].role = role }
        }
    }

    /// Draws a box with rounded corners round `rect`, with `title` in its top edge.
    public mutating func box(
        _ rect: Rect, title: String? = nil, role: StyleRole = .border, titleRole: StyleRole = .title
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in (rect.x + 1)..<(rect.maxX - 1) {
            self[x, rect.y] = Cell("─", role: role)
            self[x, rect.maxY - 1] = Cell("─", role: role)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            self[rect.x, y] = Cell("│", role: role)
            self[rect.maxX - 1, y] = Cell("│", role: role)
        }
        self[rect.x, rect.y] = Cell("╭", role: role)
        self[rect.maxX - 1, rect.y] = Cell("╮", role: role)
        self[rect.x, rect.maxY - 1] = Cell("╰", role: role)
        self[rect.maxX - 1, rect.maxY - 1] = Cell("╯", role: role)
        if let title, rect.width > 4 {
            write(" \(title) ", x: rect.x + 1, y: rect.y, role: titleRole, maxWidth: rect.width - 2, bold: true)
        }
    }

    private func clipped(_ rect: Rect) -> Rect {
        let x = max(0, rect.x)
        let y = max(0, rect.y)
        return Rect(x: x, y: y, width: min(rect.maxX, width) - x, height: min(rect.maxY, height) - y)
    }

    // MARK: - Text dumps

    /// Each row as text, continuation cells left out and trailing spaces trimmed: what snapshot tests compare.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The rows joined with newlines.
    public var text: String { lines.joined(separator: "\n") }
}
