/// Platform commands' failures, phrased for the operator.
public enum PlatformError: Error, CustomStringConvertible, Equatable, Sendable {
    case notFound(String)
    case alreadyExists(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .notFound(let name): "no platform named '\(name)'; see 'credsync platforms list'"
        case .alreadyExists(let name): "a platform named '\(name)' already exists; use 'credsync platforms edit \(name)'"
        case .invalid(let problem): "invalid platform: \(problem)"
        }
    }
}
