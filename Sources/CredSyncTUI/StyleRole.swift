/// What a cell shows, which a theme turns into colours and attributes.
public enum StyleRole: String, CaseIterable, Sendable {
    case text
    case dim
    case header
    case border
    case title
    case selection
    case ok
    case warn
    case error
    case barFill
    case barEmpty
}
