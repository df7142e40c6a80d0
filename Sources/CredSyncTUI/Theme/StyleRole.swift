/// What a cell is, for the theme to colour: views say "this is an error", themes say what an error looks like.
/// The raw values are the role names theme files use.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    /// Ordinary text.
    case text
    /// Secondary text: column headings, placeholders, "never".
    case dim
    /// The header rows.
    case header
    /// The footer row.
    case footer
    /// A pane's or overlay's title.
    case title
    /// Box lines.
    case border
    /// The focused pane's box and title, the active tab.
    case focus
    /// The selected row of the focused pane, the focused form field.
    case selection
    case ok
    case warn
    case error
    /// The done part of a progress bar.
    case barFill = "bar-fill"
    /// The remaining part of a progress bar.
    case barEmpty = "bar-empty"
    /// Key names in the footer and the help, tab numbers.
    case accent
    /// Text being typed: filters, form fields, the user search.
    case input

    /// The colour-pair number the terminal backend gives this role (1-based; pair 0 is the terminal's default).
    public var pairNumber: Int { StyleRole.allCases.firstIndex(of: self)! + 1 }
}
