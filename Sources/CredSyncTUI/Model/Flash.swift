/// A one-line message in the footer that disappears by itself: the result of an action.
public struct Flash: Sendable, Equatable {
    public var message: String
    public var isError: Bool
    public var expiresAtMs: Int64

    /// How long a flash stays.
    public static let durationMs: Int64 = 5_000

    public init(message: String, isError: Bool, expiresAtMs: Int64) {
        self.message = message
        self.isError = isError
        self.expiresAtMs = expiresAtMs
    }
}
