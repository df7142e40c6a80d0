/// Where a setting's value came from. Flags beat the environment, which beats the config file, which beats the default.
public enum SettingSource: Equatable, Sendable, CustomStringConvertible {
    /// A command-line flag.
    case flag
    /// An environment variable of the same name.
    case environment
    /// A `KEY=value` line of the config file.
    case file(path: String, line: Int)
    /// The built-in default.
    case `default`

    /// Phrased to follow "from": `the environment`, `/home/op/.config/credsync/credsync.env line 4`.
    public var description: String {
        switch self {
        case .flag: "the command line"
        case .environment: "the environment"
        case .file(let path, let line): "\(path) line \(line)"
        case .default: "the default"
        }
    }
}
