import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the metrics for node_exporter's textfile collector (`METRICS_TEXTFILE`) every interval, on a thread of
/// its own with its own connection, until `stop()`.
///
/// Each write is atomic: the text goes to a hidden temporary file in the same folder (the collector reads only
/// `*.prom`), is flushed, and is renamed over the path, so a scrape never sees half a file. The file is mode 0644
/// whatever the umask: node_exporter runs as another user, and the metrics hold no secrets.
public final class MetricsTextfile: @unchecked Sendable {
    /// The file could not be written.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String

        public var description: String {
            "cannot write the metrics file \(path): \(reason); set METRICS_TEXTFILE to a writable path ending in .prom"
        }
    }

    public let path: String
    public let intervalMs: Int64
    private let clock: any WallClock
    private let log: EngineLog
    private let openConnection: @Sendable () throws -> Connection
    /// Families only this process knows (its webhook's deliveries), added to the database's.
    private let process: @Sendable () -> [MetricFamily]
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var stopping = false
    private let done = DispatchGroup()

    public init(
        path: String, intervalMs: Int64, clock: any WallClock, log: EngineLog,
        openConnection: @escaping @Sendable () throws -> Connection,
        process: @escaping @Sendable () -> [MetricFamily] = { [] }
    ) {
        self.process = process
        self.path = path
        self.intervalMs = intervalMs
        self.clock = clock
        self.log = log
        self.openConnection = openConnection
    }

    /// Starts the writing thread: a first write at once, then one per interval.
    public func start() {
        done.enter()
        let thread = Thread { [self] in
            defer { done.leave() }
            var db: Connection?
            var failing = false
            while !condition.withLock({ stopping }) {
                do {
                    let connection = try db ?? openConnection()
                    db = connection
                    try Self.write(
                        try CredSyncMetrics.text(db: connection, nowMs: clock.nowMs, process: process()), to: path)
                    if failing { log.info("metrics file \(path) written again") }
                    failing = false
                } catch {
                    if !failing { log.warn("\(error)") }
                    failing = true
                }
                condition.withLock {
                    let deadline = Date(timeIntervalSinceNow: Double(intervalMs) / 1000)
                    while !stopping && condition.wait(until: deadline) {}
                }
            }
        }
        thread.name = "credsync-metrics"
        thread.start()
    }

    /// Stops the thread and waits (up to a second) for a write in progress.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
        _ = done.wait(timeout: .now() + .seconds(1))
    }

    /// Writes `text` to `path` atomically (temporary file, fsync, rename), mode 0644.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp"
        ).path
        func failure(_ step: String) -> WriteError {
            WriteError(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        var problem: WriteError?
        let bytes = Array(text.utf8)
        var offset = 0
        while problem == nil && offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 && errno != EINTR { problem = failure("write") }
            if written > 0 { offset += written }
        }
        if problem == nil && fchmod(descriptor, 0o644) != 0 { problem = failure("chmod") }
        if problem == nil && fsync(descriptor) != 0 { problem = failure("fsync") }
        Glibc.close(descriptor)
        if problem == nil && rename(temporary, path) != 0 { problem = failure("rename") }
        if let problem {
            unlink(temporary)
            throw problem
        }
    }
}
