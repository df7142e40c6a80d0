/// What a job does; handlers register by kind.
public struct JobKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let sync: JobKind = "sync"
    public static let tokenRefresh: JobKind = "token_refresh"
}
