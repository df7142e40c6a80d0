/// The colours a terminal has at each depth, and the nearest of them to a theme colour. Pure.
public enum Palette {
    /// The eight ANSI colours as xterm draws them.
    public static let ansi8: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
    ]

    /// The sixteen: the eight and their bright forms.
    public static let ansi16: [RGB] =
        ansi8 + [
            RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
            RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
        ]

    /// The levels of xterm's 6×6×6 colour cube (colours 16–231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// xterm's colour `index` for 16–255: the cube, then the 24 greys 8, 18 … 238.
    public static func xterm256(_ index: Int) -> RGB {
        precondition((16...255).contains(index), "only the standard part of the palette is fixed")
        if index >= 232 {
            let grey = UInt8(8 + (index - 232) * 10)
            return RGB(grey, grey, grey)
        }
        let cube = index - 16
        return RGB(UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]), UInt8(cubeLevels[cube % 6]))
    }

    /// The terminal colour number nearest to `color` at `depth`; nil for mono, and for `trueColor`, where colours
    /// get slots of their own (see `TerminalPalette`).
    public static func nearest(_ color: RGB, depth: ColorDepth) -> Int? {
        switch depth {
        case .mono, .trueColor: return nil
        case .direct: return Int(color.red) << 16 | Int(color.green) << 8 | Int(color.blue)
        case .ansi8: return nearest(color, among: ansi8)
        case .ansi16: return nearest(color, among: ansi16)
        case .palette256:
            // The changeable first sixteen are left out: terminals draw them as they please.
            return (16...255).min { xterm256($0).distance(to: color) < xterm256($1).distance(to: color) }
        }
    }

    /// The darkest a foreground drawn on the terminal's default background may come out: its brightest channel at
    /// least this, so it never maps to black or a near-black grey.
    public static let minimumChannelOnDefault: UInt8 = 64

    /// Whether `color` can be read on a dark default background (it is not black or nearly so).
    public static func isVisibleOnDefault(_ color: RGB) -> Bool {
        max(color.red, color.green, color.blue) >= minimumChannelOnDefault
    }

    /// `color`, or one lifted just enough that what the terminal draws at `depth` is not black or near-black.
    public static func visibleOnDefault(_ color: RGB, depth: ColorDepth) -> RGB {
        func lifted(_ color: RGB, by step: UInt8) -> RGB {
            RGB(
                UInt8(min(255, Int(color.red) + Int(step))), UInt8(min(255, Int(color.green) + Int(step))),
                UInt8(min(255, Int(color.blue) + Int(step))))
        }
        var candidate = color
        for step in stride(from: 0, through: 255, by: 8) {
            candidate = lifted(color, by: UInt8(step))
            if let drawn = drawn(candidate, depth: depth) {
                if isVisibleOnDefault(drawn) { return candidate }
            } else {
                return candidate
            }
        }
        return candidate
    }

    /// The colour the terminal shows for `color` at `depth`; nil for mono.
    public static func drawn(_ color: RGB, depth: ColorDepth) -> RGB? {
        switch depth {
        case .mono: return nil
        case .trueColor, .direct: return color
        case .ansi8: return ansi8[nearest(color, among: ansi8)]
        case .ansi16: return ansi16[nearest(color, among: ansi16)]
        case .palette256: return nearest(color, depth: .palette256).map(xterm256)
        }
    }

    private static func nearest(_ color: RGB, among colors: [RGB]) -> Int {
        colors.indices.min { colors[$0].distance(to: color) < colors[$1].distance(to: color) }!
    }
}
