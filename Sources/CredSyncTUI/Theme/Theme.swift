/// A colour and attributes for every `StyleRole`: what the terminal backend paints cells with.
public struct Theme: Sendable, Equatable {
    /// A theme file's colour: the terminal's own, or a 24-bit one mapped to the nearest the terminal has.
    public enum Color: Sendable, Equatable, Hashable {
        case terminalDefault
        case rgb(RGB)
    }

    public struct Style: Sendable, Equatable, Hashable {
        public var foreground: Color = .terminalDefault
        public var background: Color = .terminalDefault
        public var bold = false
        public var reverse = false
        public var dim = false
        public var underline = false

        public init(
            foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false,
            reverse: Bool = false, dim: Bool = false, underline: Bool = false
        ) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.reverse = reverse
            self.dim = dim
            self.underline = underline
        }
    }

    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The role's style; a role the theme leaves out takes the `text` role's colours, without attributes.
    public subscript(role: StyleRole) -> Style {
        if let style = styles[role] { return style }
        let text = styles[.text] ?? Style()
        return Style(foreground: text.foreground, background: text.background)
    }

    /// The built-in default theme, parsed from the copy compiled in: there even when `themes/` is not.
    public static let builtInDefault: Theme = try! ThemeParser.parse(EmbeddedThemes.defaultTheme, name: "default")

    /// The monochrome theme (`NO_COLOR`), compiled in as well.
    public static let builtInMono: Theme = try! ThemeParser.parse(EmbeddedThemes.monoTheme, name: "mono")
}
