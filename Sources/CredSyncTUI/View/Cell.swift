/// One terminal cell: a grapheme, what it is (its role, which the theme colours) and per-cell attributes.
///
/// A grapheme two columns wide occupies its cell and the next, which holds `Cell.continuation`: the backend skips
/// continuation cells, and text dumps leave them out.
public struct Cell: Sendable, Equatable, Hashable {
    public var character: Character
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ character: Character = " ", role: StyleRole = .text, bold: Bool = false, reverse: Bool = false) {
        self.character = character
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    /// The placeholder right of a wide grapheme.
    public static let continuationCharacter: Character = "\u{0}"

    public static func continuation(role: StyleRole) -> Cell { Cell(continuationCharacter, role: role) }

    public var isContinuation: Bool { character == Cell.continuationCharacter }

    public static let blank = Cell()
}
