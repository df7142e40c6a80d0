/// Text from outside (platform data, imported files, error bodies, database values) made safe to draw on a
/// terminal: every character a terminal would act on instead of print is replaced by a visible stand-in, so a
/// title cannot clear the screen, retitle the window, move the cursor or reorder a line.
///
/// - C0 controls become their Control Pictures (`ESC` → `␛`, `\r` → `␍`, `\t` → `␉`), a line break `⏎`, `DEL` `␡`;
/// - C1 controls (U+0080–U+009F, which some terminals take as `ESC` sequences) and the bidirectional marks,
///   embeddings, overrides and isolates (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) become `�`.
///
/// The dashboard's cell writer and the command line's line and table printers use it; `--json` and `export` keep
/// the exact data (JSON escapes it).
public enum TerminalText {
    /// The stand-in for `scalar`, or nil when it prints as itself.
    public static func placeholder(for scalar: Unicode.Scalar) -> Character? {
        switch scalar.value {
        case 0x0A: "⏎"
        case 0x00...0x1F: Character(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: "␡"
        case 0x80...0x9F, 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: "\u{FFFD}"
        default: nil
        }
    }

    /// The stand-in for a character any of whose scalars a terminal would act on (`\r\n` is one character: `⏎`).
    public static func placeholder(for character: Character) -> Character? {
        if character == "\r\n" { return "⏎" }
        for scalar in character.unicodeScalars {
            if let placeholder = placeholder(for: scalar) { return placeholder }
        }
        return nil
    }

    /// `text` with every unsafe character replaced; the same string when there is none (the common case).
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { placeholder(for: $0) != nil }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            if let placeholder = placeholder(for: character) {
                output.append(placeholder)
            } else {
                output.append(character)
            }
        }
        return output
    }
}
