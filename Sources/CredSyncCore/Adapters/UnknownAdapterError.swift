/// A platform names an adapter credsync does not have; refused when the platform is added, not at 2 AM.
public struct UnknownAdapterError: Error, CustomStringConvertible, Equatable, Sendable {
    public let name: String
    public let known: [String]

    public var description: String {
        "unknown adapter \"\(name)\"; the adapters are \(known.joined(separator: ", "))"
    }
}
