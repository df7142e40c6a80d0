/// One terminal cell: the character drawn there and the style role it is drawn in.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var role: StyleRole

    public init(_ character: Character = " ", role: StyleRole = .text) {
        self.character = character
        self.role = role
    }

    public static let blank = Cell()
}
