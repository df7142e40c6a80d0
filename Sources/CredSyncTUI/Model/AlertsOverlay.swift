/// The alerts view (`A`): which alert is selected; `enter` acknowledges it after a confirmation.
public struct AlertsOverlay: Sendable, Equatable {
    /// Index into the snapshot's `alerts`.
    public var selected = 0

    public init(selected: Int = 0) {
        self.selected = selected
    }
}
