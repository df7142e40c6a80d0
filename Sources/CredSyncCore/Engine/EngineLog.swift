/// Where the engine reports what it does: the log file, stderr, or a test's collector.
///
/// A line may carry fields (`job`, `platform`, `run`, …): text logs append them as `key=value`, JSON logs write them
/// as members.
public struct EngineLog: Sendable {
    private let sink: @Sendable (LogLevel, String, [String: String]) -> Void

    /// A sink that takes the message only; fields are dropped.
    public init(_ sink: @escaping @Sendable (LogLevel, String) -> Void) {
        self.sink = { level, message, _ in sink(level, message) }
    }

    /// A sink that takes the message and its fields.
    public init(withFields sink: @escaping @Sendable (LogLevel, String, [String: String]) -> Void) {
        self.sink = sink
    }

    /// Writes to a log file.
    public init(file: LogFile) {
        self.init(withFields: { level, message, fields in file.log(level, message, fields: fields) })
    }

    public static let silent = EngineLog { _, _ in }

    public func debug(_ message: String, fields: [String: String] = [:]) { sink(.debug, message, fields) }
    public func info(_ message: String, fields: [String: String] = [:]) { sink(.info, message, fields) }
    public func warn(_ message: String, fields: [String: String] = [:]) { sink(.warn, message, fields) }
    public func error(_ message: String, fields: [String: String] = [:]) { sink(.error, message, fields) }
}
