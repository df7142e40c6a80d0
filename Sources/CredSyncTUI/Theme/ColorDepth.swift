/// How many colours the terminal can show, which decides how theme colours are mapped.
public enum ColorDepth: Sendable, Equatable {
    /// No colours (`NO_COLOR`, or a terminal without them): attributes only.
    case mono
    case ansi8
    case ansi16
    /// xterm's 256-colour palette: theme colours map to the nearest of its 6×6×6 cube and grey ramp.
    case palette256
    /// A truecolour terminal whose palette entries can be redefined: each theme colour gets an exact slot.
    case trueColor
    /// A direct-colour terminfo entry (`xterm-direct`): colour numbers are 24-bit RGB values.
    case direct

    /// The depth for a terminal reporting `colors` colours and whether it can redefine them, given the environment:
    /// `NO_COLOR` (set and not empty) means mono; `COLORTERM=truecolor|24bit` allows exact colours.
    public static func detect(environment: [String: String], colors: Int, canChangeColor: Bool) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        if colors >= 0x100_0000 { return .direct }
        let colorTerm = environment["COLORTERM"]?.lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit", canChangeColor, colors >= 256 { return .trueColor }
        if colors >= 256 { return .palette256 }
        if colors >= 16 { return .ansi16 }
        if colors >= 8 { return .ansi8 }
        return .mono
    }
}
