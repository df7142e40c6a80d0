/// The XDG base directories, read from a given environment (never the process's), with the specification's fallbacks.
///
/// A variable that is unset, empty or not an absolute path is ignored, as the XDG Base Directory specification says.
/// Each directory is `nil` when neither its variable nor `HOME` is usable.
public struct XDGDirectories: Equatable, Sendable {
    /// `HOME`, when set to an absolute path.
    public let home: String?
    /// `$XDG_CONFIG_HOME`, else `$HOME/.config`.
    public let configHome: String?
    /// `$XDG_DATA_HOME`, else `$HOME/.local/share`.
    public let dataHome: String?
    /// `$XDG_STATE_HOME`, else `$HOME/.local/state`.
    public let stateHome: String?

    /// Reads `HOME` and the `XDG_*_HOME` variables from `environment`.
    public init(environment: [String: String]) {
        let home = XDGDirectories.absolutePath(environment["HOME"])
        func base(_ variable: String, _ fallback: String) -> String? {
            XDGDirectories.absolutePath(environment[variable]) ?? home.map { "\($0 == "/" ? "" : $0)/\(fallback)" }
        }
        self.home = home
        configHome = base("XDG_CONFIG_HOME", ".config")
        dataHome = base("XDG_DATA_HOME", ".local/share")
        stateHome = base("XDG_STATE_HOME", ".local/state")
    }

    /// The value without trailing slashes, or nil when it is not an absolute path.
    private static func absolutePath(_ value: String?) -> String? {
        guard var path = value, path.hasPrefix("/") else { return nil }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
