/// Where each overlay box goes for a terminal size. Shared by the views, which draw into it, and by `update`,
/// which needs to know how many lines a scrolled overlay shows.
public enum OverlayLayout {
    /// The help box.
    public static func help(_ size: Size) -> Rect {
        screen(size).centred(
            width: min(80, size.width - 4), height: min(KeyBindings.helpLines.count + 3, size.height - 2))
    }

    /// The detail box: most of the screen.
    public static func detail(_ size: Size) -> Rect {
        screen(size).centred(width: min(110, size.width - 4), height: size.height - 4)
    }

    /// Lines of text a help or detail box shows: less its borders and the hint row.
    public static func contentRows(_ box: Rect) -> Int { max(1, box.height - 3) }

    /// The columns of text inside a help or detail box.
    public static func contentWidth(_ box: Rect) -> Int { max(1, box.width - 4) }

    public static func confirm(_ size: Size) -> Rect {
        screen(size).centred(width: min(64, size.width - 4), height: 7)
    }

    public static func form(_ size: Size, fieldCount: Int) -> Rect {
        screen(size).centred(width: min(96, size.width - 2), height: min(fieldCount + 6, size.height - 2))
    }

    public static func claim(_ size: Size) -> Rect {
        screen(size).centred(width: min(90, size.width - 4), height: min(20, size.height - 2))
    }

    /// Result rows the claim dialog shows.
    public static func claimResultRows(_ size: Size) -> Int { max(1, claim(size).height - 12) }

    private static func screen(_ size: Size) -> Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }
}
