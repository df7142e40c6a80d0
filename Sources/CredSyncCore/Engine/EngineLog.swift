/// Where the engine reports what it does: the log file, stderr, or a test's collector.
public struct EngineLog: Sendable {
    private let sink: @Sendable (LogLevel, String) -> Void

    public init(_ sink: @escaping @Sendable (LogLevel, String) -> Void) { self.sink = sink }

    /// Writes to a log file.
    public init(file: LogFile) {
        self.init { level, message in file.log(level, message) }
    }

    public static let silent = EngineLog { _, _ in }

    public func debug(_ message: String) { sink(.debug, message) }
    public func info(_ message: String) { sink(.info, message) }
    public func warn(_ message: String) { sink(.warn, message) }
    public func error(_ message: String) { sink(.error, message) }
}
