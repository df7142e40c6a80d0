import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A datagram socket standing in for systemd's notify socket: binds `path` (or an abstract name for `@name`) and
/// collects what arrives, one string per datagram.
final class NotifySocketListener {
    let descriptor: Int32

    init(name: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        if bound != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil when none arrives within 200 ms.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    /// Collects datagrams until `done` holds for what has arrived, or `timeoutSeconds` pass.
    func collect(into messages: inout [String], timeoutSeconds: Double, until done: ([String]) -> Bool) {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        while !done(messages) && Date() < deadline {
            if let message = receive() { messages.append(message) }
        }
    }
}

/// A real `credsync daemon` under a stand-in for systemd: the notify socket receives readiness, status, watchdog
/// keep-alives and stopping, in that order; without `NOTIFY_SOCKET` nothing is sent.
@Suite(.serialized) struct SystemdNotifyTests {
    let home = TemporaryDirectory("credsync-notify")

    func environment(_ extra: [String: String]) -> [String: String] {
        CredsyncProcess.environment(
            home: home.path,
            ["CREDSYNC_DB": home.file("notify.db"), "SYNC_CRON_EXPRESSION": "0 2 * * *"].merging(
                extra
            ) { _, new in new })
    }

    /// Every `KEY=value` line of the datagrams, in the order they arrived.
    static func lines(_ messages: [String]) -> [String] {
        messages.flatMap { $0.split(separator: "\n").map(String.init) }
    }

    static func firstIndex(_ prefix: String, in lines: [String]) -> Int? {
        lines.firstIndex { $0.hasPrefix(prefix) }
    }

    func runDaemon(notifySocket: String) throws -> (messages: [String], status: Int32) {
        let listener = try NotifySocketListener(name: notifySocket)
        let daemon = CredsyncProcess(
            ["daemon"], environment: environment(["NOTIFY_SOCKET": notifySocket, "WATCHDOG_USEC": "400000"]))
        try daemon.start()
        var messages: [String] = []
        listener.collect(into: &messages, timeoutSeconds: 20) { received in
            Self.lines(received).filter { $0 == "WATCHDOG=1" }.count >= 2
        }
        daemon.signal(SIGTERM)
        listener.collect(into: &messages, timeoutSeconds: 10) { Self.lines($0).contains("STOPPING=1") }
        let result = daemon.wait()
        return (messages, result.status)
    }

    @Test func aDaemonReportsReadyStatusWatchdogAndStoppingInOrder() throws {
        let (messages, status) = try runDaemon(notifySocket: home.file("notify.sock"))
        #expect(status == 0)
        let lines = Self.lines(messages)
        let ready = try #require(Self.firstIndex("READY=1", in: lines))
        let statusLine = try #require(Self.firstIndex("STATUS=", in: lines))
        let watchdog = try #require(Self.firstIndex("WATCHDOG=1", in: lines))
        let stopping = try #require(Self.firstIndex("STOPPING=1", in: lines))
        #expect(ready < statusLine && statusLine < watchdog && watchdog < stopping)
        #expect(lines[statusLine] == "STATUS=0/5 workers busy · next run 02:00")
        // Keep-alives keep coming while the engine runs: the daemon's own heartbeat sends them.
        #expect(lines.filter { $0 == "WATCHDOG=1" }.count >= 2)
        #expect(lines.filter { $0 == "READY=1" }.count == 1)
    }

    @Test func anAbstractSocketNameWorksToo() throws {
        let name = "@credsync-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let (messages, status) = try runDaemon(notifySocket: name)
        #expect(status == 0)
        let lines = Self.lines(messages)
        #expect(lines.first == "READY=1")
        #expect(lines.contains("STOPPING=1"))
    }

    @Test func aDaemonWaitingForTheLeaseSaysSoAndIsNotReady() throws {
        let db = try Database.open(path: home.file("notify.db"))
        let other = EngineIdentity(holder: "other-engine", pid: 4242, host: "elsewhere")
        _ = try EngineLeaseStore(db: db, clock: SystemClock()).tryAcquire(other, ttlMs: 60_000)
        let listener = try NotifySocketListener(name: home.file("notify.sock"))
        let daemon = CredsyncProcess(["daemon"], environment: environment(["NOTIFY_SOCKET": home.file("notify.sock")]))
        try daemon.start()
        var messages: [String] = []
        listener.collect(into: &messages, timeoutSeconds: 20) { Self.lines($0).contains { $0.hasPrefix("STATUS=") } }
        daemon.signal(SIGTERM)
        listener.collect(into: &messages, timeoutSeconds: 10) { Self.lines($0).contains("STOPPING=1") }
        #expect(daemon.wait().status == 0)
        let lines = Self.lines(messages)
        #expect(lines.contains("STATUS=waiting: another engine (pid 4242 on elsewhere) holds the database lease"))
        #expect(!lines.contains("READY=1"))
        #expect(lines.contains("STOPPING=1"))
    }
}
