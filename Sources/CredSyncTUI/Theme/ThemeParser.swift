/// Reads theme files: one `role = COLOUR [on COLOUR] [bold] [reverse] [dim] [underline]` per line, where COLOUR is
/// `#rrggbb` or `default` and either may be left out; blank lines and lines starting with `#` are comments.
/// docs/themes.md describes the format.
public enum ThemeParser {
    public static func parse(_ text: String, name: String, file: String? = nil) throws(ThemeError) -> Theme {
        let file = file ?? name
        var styles: [StyleRole: Theme.Style] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ThemeError(file: file, line: lineNumber, message: "expected `role = colour …`, got \"\(line)\"")
            }
            let roleName = String(line[..<equals].trimmingCharacters(in: " \t"))
            guard let role = StyleRole(rawValue: roleName) else {
                throw ThemeError(
                    file: file, line: lineNumber,
                    message:
                        "unknown role \"\(roleName)\" (roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            guard styles[role] == nil else {
                throw ThemeError(file: file, line: lineNumber, message: "role \"\(roleName)\" is set twice")
            }
            styles[role] = try style(line[line.index(after: equals)...], file: file, line: lineNumber)
        }
        return Theme(name: name, styles: styles)
    }

    private static func style(_ text: Substring, file: String, line: Int) throws(ThemeError) -> Theme.Style {
        var style = Theme.Style()
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        var sawForeground = false
        while let word = words.popFirst() {
            switch word.lowercased() {
            case "bold": style.bold = true
            case "reverse": style.reverse = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "on":
                guard let next = words.popFirst() else {
                    throw ThemeError(file: file, line: line, message: "`on` needs a background colour after it")
                }
                style.background = try color(next, file: file, line: line)
            default:
                guard !sawForeground else {
                    throw ThemeError(
                        file: file, line: line,
                        message:
                            "unexpected \"\(word)\": use COLOUR [on COLOUR] [bold] [reverse] [dim] [underline]")
                }
                style.foreground = try color(word, file: file, line: line)
                sawForeground = true
            }
        }
        return style
    }

    private static func color(_ word: Substring, file: String, line: Int) throws(ThemeError) -> Theme.Color {
        if word.lowercased() == "default" { return .terminalDefault }
        guard let rgb = RGB(hex: word) else {
            throw ThemeError(file: file, line: line, message: "\"\(word)\" is not a colour: write #rrggbb or default")
        }
        return .rgb(rgb)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}
