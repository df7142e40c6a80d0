/// A theme resolved for a terminal: the colours to define (truecolour), and each role's colour pair and
/// attributes. Pure; the ncurses backend only applies it.
public struct TerminalPalette: Sendable, Equatable {
    public struct Pair: Sendable, Equatable {
        /// Colour numbers; -1 is the terminal's default.
        public var foreground: Int
        public var background: Int
        public var bold: Bool
        public var reverse: Bool
        public var dim: Bool
        public var underline: Bool
    }

    public struct Definition: Sendable, Equatable {
        public var index: Int
        public var color: RGB
    }

    /// Colour slots to redefine first (`trueColor` only).
    public var definitions: [Definition]
    public var pairs: [StyleRole: Pair]
    /// Whether the terminal should use colour pairs at all.
    public var usesColor: Bool

    /// The first palette slot redefined for truecolour; the sixteen below stay the terminal's.
    public static let firstCustomSlot = 16

    public init(theme: Theme, depth: ColorDepth, availableColors: Int = 256) {
        var definitions: [Definition] = []
        var slots: [RGB: Int] = [:]
        func number(_ color: Theme.Color) -> Int {
            guard case .rgb(let rgb) = color else { return -1 }
            if depth == .trueColor {
                if let slot = slots[rgb] { return slot }
                let slot = TerminalPalette.firstCustomSlot + definitions.count
                guard slot < availableColors else { return Palette.nearest(rgb, depth: .palette256) ?? -1 }
                slots[rgb] = slot
                definitions.append(Definition(index: slot, color: rgb))
                return slot
            }
            return Palette.nearest(rgb, depth: depth) ?? -1
        }
        var pairs: [StyleRole: Pair] = [:]
        for role in StyleRole.allCases {
            let style = theme[role]
            var foreground = style.foreground
            var dim = style.dim
            // On the terminal's own background (dark, more often than not) a colour that comes out black or
            // near-black would vanish: it is drawn a little lighter, and at 8 colours as dim white (grey).
            if style.background == .terminalDefault, !style.reverse, case .rgb(let rgb) = foreground {
                if depth == .ansi8, Palette.nearest(rgb, depth: .ansi8) == 0 {
                    foreground = .rgb(Palette.ansi8[7])
                    dim = true
                } else {
                    foreground = .rgb(Palette.visibleOnDefault(rgb, depth: depth))
                }
            }
            pairs[role] = Pair(
                foreground: number(foreground), background: number(style.background), bold: style.bold,
                reverse: style.reverse, dim: dim, underline: style.underline)
        }
        self.definitions = definitions
        self.pairs = pairs
        usesColor = depth != .mono
    }
}
