/// How an operator names a platform: by name on the command line, by id in the dashboard.
public enum PlatformReference: Sendable, Equatable {
    case name(String)
    case id(Int64)
}
