/// A configuration problem found at start, phrased as one line that names the setting or the file line to fix.
public enum ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A value that does not parse or is out of range. `value` is shown in part when the setting may hold a secret.
    case invalidValue(name: String, value: String, source: SettingSource, reason: String)
    /// A name that is not a credsync setting (a typo in the config file, usually).
    case unknownSetting(name: String, source: SettingSource, suggestion: String?)
    /// A config file line that is neither `KEY=value`, a `#` comment nor blank.
    case malformedLine(path: String, line: Int, reason: String)
    /// A config file given explicitly that does not exist.
    case configFileNotFound(path: String)
    /// A config file that exists but cannot be read.
    case unreadableConfigFile(path: String, reason: String)
    /// A path setting left unset whose default cannot be built because `HOME` (and its XDG variable) are unset.
    case noDefault(name: String, defaultText: String)

    public var description: String {
        switch self {
        case .invalidValue(let name, let value, let source, let reason):
            return "\(name)=\(ConfigError.quotedIfNeeded(value)) (from \(source)) is not valid: \(reason)"
        case .unknownSetting(let name, let source, let suggestion):
            let hint = suggestion.map { "; did you mean \($0)?" } ?? "; remove it or fix the name"
            return "unknown setting \(name) (from \(source))\(hint)"
        case .malformedLine(let path, let line, let reason):
            return "\(path) line \(line) is not valid: \(reason); "
                + "expected KEY=value, a # comment or a blank line"
        case .configFileNotFound(let path):
            return "config file \(path) does not exist; create it or give another path"
        case .unreadableConfigFile(let path, let reason):
            return "cannot read config file \(path): \(reason)"
        case .noDefault(let name, let defaultText):
            return "\(name) is not set and its default \(defaultText) needs HOME, which is not set; "
                + "set \(name) or HOME"
        }
    }

    /// Quotes values that would be unreadable bare: empty ones and ones with spaces.
    private static func quotedIfNeeded(_ value: String) -> String {
        value.isEmpty || value.contains(where: \.isWhitespace) ? "\"\(value)\"" : value
    }
}
