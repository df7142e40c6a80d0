/// The default and mono themes compiled in, so a missing `themes/` folder never leaves the dashboard without
/// colours. Kept identical to `themes/default.theme` and `themes/mono.theme` (a test compares them).
enum EmbeddedThemes {
    static let defaultTheme = """
        # credsync theme: default — for dark terminals.
        # Format: role = COLOUR [on COLOUR] [bold] [reverse] [dim] [underline]; see docs/themes.md.
        text       = default
        dim        = #8a8a8a
        header     = #ffffff bold
        footer     = #bcbcbc
        title      = #87afd7 bold
        border     = #585858
        focus      = #5fafff bold
        selection  = #000000 on #5fafff
        ok         = #5fd75f
        warn       = #ffaf00
        error      = #ff5f5f bold
        bar-fill   = #5fafff
        bar-empty  = #4e4e4e
        accent     = #ffd75f bold
        input      = #ffffff on #303030
        """

    static let monoTheme = """
        # credsync theme: mono — no colour at all, only attributes (NO_COLOR selects it).
        text       = default
        dim        = default dim
        header     = default bold
        footer     = default
        title      = default bold
        border     = default dim
        focus      = default bold
        selection  = default reverse
        ok         = default
        warn       = default bold
        error      = default bold underline
        bar-fill   = default
        bar-empty  = default dim
        accent     = default bold
        input      = default underline
        """
}
