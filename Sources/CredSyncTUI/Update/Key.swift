/// A key press, decoded by the terminal backend.
public enum Key: Sendable, Equatable, Hashable {
    /// A printable character, as typed (`s`, `S`, `/`, `é`).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab
    case enter, escape, backspace, delete
    /// A letter typed with ctrl held (`ctrl-t` is `.control("t")`).
    case control(Character)
}
