/// How severe a log line is. A log writes the lines at or above its threshold (`LOG_LEVEL`).
public enum LogLevel: Int, Comparable, CaseIterable, Sendable {
    case debug
    case info
    case warn
    case error

    /// Parses a configured level: `debug`, `info`, `warn` or `error`, in any case.
    public init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level
    }

    /// The name used in configuration: `debug`, `info`, `warn`, `error`.
    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    /// The tag written in a log line: `DEBUG`, `INFO`, `WARN`, `ERROR`.
    public var tag: String { name.uppercased() }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
