/// Where the engine reports what it does: the log file, stderr, or a test's collector.
///
/// A line may carry fields (`job`, `platform`, `run`, …): text logs append them as `key=value`, JSON logs write them
/// as members. Fields are only computed for a line that will be written by a sink that takes them.
public struct EngineLog: Sendable {
    private let sink: @Sendable (LogLevel, String, [String: String]) -> Void
    private let isEnabled: @Sendable (LogLevel) -> Bool
    private let takesFields: Bool

    /// A sink that takes the message only; fields are not computed.
    public init(_ sink: @escaping @Sendable (LogLevel, String) -> Void) {
        self.sink = { level, message, _ in sink(level, message) }
        isEnabled = { _ in true }
        takesFields = false
    }

    /// A sink that takes the message and its fields, for the levels `isEnabled` admits.
    public init(
        withFields sink: @escaping @Sendable (LogLevel, String, [String: String]) -> Void,
        isEnabled: @escaping @Sendable (LogLevel) -> Bool = { _ in true }
    ) {
        self.sink = sink
        self.isEnabled = isEnabled
        takesFields = true
    }

    /// Writes to a log file.
    public init(file: LogFile) {
        self.init(
            withFields: { level, message, fields in file.log(level, message, fields: fields) },
            isEnabled: { file.isEnabled($0) })
    }

    public static let silent = EngineLog(withFields: { _, _, _ in }, isEnabled: { _ in false })

    public func debug(_ message: String, fields: @autoclosure () -> [String: String] = [:]) {
        log(.debug, message, fields)
    }
    public func info(_ message: String, fields: @autoclosure () -> [String: String] = [:]) {
        log(.info, message, fields)
    }
    public func warn(_ message: String, fields: @autoclosure () -> [String: String] = [:]) {
        log(.warn, message, fields)
    }
    public func error(_ message: String, fields: @autoclosure () -> [String: String] = [:]) {
        log(.error, message, fields)
    }

    private func log(_ level: LogLevel, _ message: String, _ fields: () -> [String: String]) {
        guard isEnabled(level) else { return }
        sink(level, message, takesFields ? fields() : [:])
    }
}
