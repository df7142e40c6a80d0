import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Speaks systemd's `sd_notify` protocol without libsystemd: each message is one datagram to the unix socket named
/// by `NOTIFY_SOCKET` (a path, or an abstract name written with a leading `@`).
///
/// > sd_notify(3): "If the first character of $NOTIFY_SOCKET is "@", the string is understood as Linux abstract
/// > namespace socket." … "WATCHDOG_USEC … the service manager expects a keep-alive notification every time".
///
/// A failed send is ignored, as sd_notify's callers do: the daemon works the same without a listener.
public final class SystemdNotifier: @unchecked Sendable {
    public let socketName: String
    private let descriptor: Int32
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var notifications: SystemdNotifications

    /// A notifier when `NOTIFY_SOCKET` is set in `environment` and a socket can be made; nil otherwise. The
    /// watchdog is on when `WATCHDOG_USEC` is set and `WATCHDOG_PID`, if set, is this process.
    public init?(environment: [String: String], pid: Int32 = getpid()) {
        guard let name = environment["NOTIFY_SOCKET"], name.hasPrefix("/") || name.hasPrefix("@"),
            name.utf8.count < 108
        else { return nil }
        let socketType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(AF_UNIX, socketType, 0)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        socketName = name
        var intervalMs: Int64?
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0,
            environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == pid }) ?? true
        {
            intervalMs = max(1, usec / 2_000)
        }
        notifications = SystemdNotifications(watchdogIntervalMs: intervalMs)
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Sends what `beat` calls for: readiness, a changed status line, a due watchdog keep-alive.
    public func heartbeat(_ beat: EngineHeartbeat, nowMs: Int64) {
        lock.withLock {
            for message in notifications.messages(for: beat, nowMs: nowMs) { send(message) }
        }
    }

    /// Sends `STOPPING=1` (once); heartbeats after it send nothing.
    public func stopping() {
        lock.withLock {
            for message in notifications.stopping() { send(message) }
        }
    }

    /// Sends one datagram; returns whether the kernel took it.
    @discardableResult
    public func send(_ message: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketName.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.enumerated() { buffer[index] = byte }
        }
        // An abstract name is exactly its bytes; a path also takes its terminating NUL (already zeroed).
        let length = MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { body in
                    // Never blocks: a service manager that does not read must not stall the engine's heartbeat.
                    sendto(
                        descriptor, body.baseAddress, body.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT),
                        socketAddress, socklen_t(length))
                }
            }
        }
        return sent == bytes.count
    }
}
