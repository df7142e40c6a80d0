import CredSyncCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the platform simulator: persistent connections, `Content-Length`
/// bodies, one thread per connection, and fault behaviours (`HTTPResponse.Behavior`) that imitate a misbehaving
/// platform.
///
/// `start()` binds (port 0 picks a free port; read it back from `port`), `stop()` closes the listener and every
/// connection — including those held by `.hang` or `.delay` — and waits for all threads to finish. Call `stop()`
/// when done: the threads keep the server alive until then. Handlers run on connection threads and must return
/// promptly; they may run concurrently.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public struct Configuration: Sendable {
        /// 0 for an ephemeral port.
        public var port: UInt16
        /// An idle keep-alive connection (or a request that stops arriving half-way) is closed after this long.
        public var idleTimeoutMs: Int
        public var maxHeaderBytes: Int
        public var maxBodyBytes: Int

        public init(
            port: UInt16 = 0, idleTimeoutMs: Int = 60_000, maxHeaderBytes: Int = 64 << 10,
            maxBodyBytes: Int = 16 << 20
        ) {
            self.port = port
            self.idleTimeoutMs = idleTimeoutMs
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    private enum State {
        case idle
        case running(listenFd: Int32, stopRead: Int32, stopWrite: Int32)
        case stopping
        case stopped
    }

    private let configuration: Configuration
    private let handler: Handler
    private let lock = NSLock()
    private var state = State.idle
    private var boundPort: UInt16 = 0
    private var accepted = 0
    private var open = 0
    private var handled = 0
    private let threads = DispatchGroup()

    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// The bound port, once started.
    public var port: UInt16 { lock.withLock { boundPort } }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Connections accepted since start.
    public var acceptedConnections: Int { lock.withLock { accepted } }

    /// Connections open now.
    public var openConnections: Int { lock.withLock { open } }

    /// Requests parsed and passed to the handler since start.
    public var requestsHandled: Int { lock.withLock { handled } }

    // MARK: - Lifecycle

    /// Binds 127.0.0.1 and starts accepting connections on a background thread. Call once.
    public func start() throws(SocketError) {
        lock.withLock {
            guard case .idle = state else { preconditionFailure("LoopbackHTTPServer.start() called twice") }
        }
        let endpoint = "127.0.0.1:\(configuration.port)"
        let listenFd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard listenFd >= 0 else { throw SocketError("open a socket", errno: errno) }
        SocketIO.setOption(listenFd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listenFd, address, length) == 0 && listen(listenFd, 128) == 0
                    && getsockname(listenFd, address, &length) == 0
            }
        }
        guard bound else {
            let error = SocketError("listen on \(endpoint)", errno: errno)
            close(listenFd)
            throw error
        }
        var pipeFds: [Int32] = [-1, -1]
        guard pipe(&pipeFds) == 0 else {
            let error = SocketError("create the stop pipe", errno: errno)
            close(listenFd)
            throw error
        }
        let (stopRead, stopWrite) = (pipeFds[0], pipeFds[1])
        SocketIO.setCloseOnExec(stopRead)
        SocketIO.setCloseOnExec(stopWrite)
        lock.withLock {
            boundPort = UInt16(bigEndian: address.sin_port)
            state = .running(listenFd: listenFd, stopRead: stopRead, stopWrite: stopWrite)
        }
        threads.enter()
        let thread = Thread { [self] in
            acceptConnections(listenFd: listenFd, stopFd: stopRead)
            threads.leave()
        }
        thread.name = "credsync-sim-accept"
        thread.start()
    }

    /// Closes the listener and every connection and waits for their threads. Safe to call more than once; not from a
    /// handler, whose own thread it would wait for.
    public func stop() {
        let fds: (listen: Int32, stopRead: Int32, stopWrite: Int32)? = lock.withLock {
            guard case .running(let listenFd, let stopRead, let stopWrite) = state else { return nil }
            state = .stopping
            return (listenFd, stopRead, stopWrite)
        }
        guard let fds else { return }
        // The byte is never read: the pipe stays readable and every poll in every thread sees it.
        var byte: UInt8 = 1
        _ = write(fds.stopWrite, &byte, 1)
        threads.wait()
        close(fds.listen)
        close(fds.stopRead)
        close(fds.stopWrite)
        lock.withLock { state = .stopped }
    }

    // MARK: - Connections

    private func acceptConnections(listenFd: Int32, stopFd: Int32) {
        while true {
            switch SocketIO.wait(listenFd, for: Int32(POLLIN), stopFd: stopFd, timeoutMs: nil) {
            case .stopping: return
            case .timedOut: continue
            case .ready: break
            }
            let fd = accept(listenFd, nil, nil)
            guard fd >= 0 else {
                // EMFILE and friends: back off briefly rather than spin on a listener that stays readable.
                if errno != EAGAIN && errno != EINTR && errno != ECONNABORTED {
                    _ = SocketIO.sleep(ms: 10, stopFd: stopFd)
                }
                continue
            }
            SocketIO.setCloseOnExec(fd)
            SocketIO.setNonBlocking(fd)
            // Small responses go out at once instead of waiting on Nagle's algorithm and the peer's delayed ACK.
            SocketIO.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            lock.withLock {
                accepted += 1
                open += 1
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(fd, stopFd: stopFd)
                close(fd)
                lock.withLock { open -= 1 }
                threads.leave()
            }
            thread.name = "credsync-sim-connection"
            thread.start()
        }
    }

    /// Answers requests on one connection until either side closes it.
    private func serve(_ fd: Int32, stopFd: Int32) {
        let limits = HTTPRequestParser.Limits(
            maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
        var buffer: [UInt8] = []
        var sentContinue = false
        while true {
            switch HTTPRequestParser.parse(buffer, limits: limits) {
            case .reject(let status, let reason):
                var response = HTTPResponse.error(status, reason)
                response.headers["Connection"] = "close"
                _ = deliver(response, to: fd, stopFd: stopFd, headOnly: false, keepAlive: false, version: "HTTP/1.1")
                return
            case .incomplete(let expectsContinue):
                if expectsContinue && !sentContinue {
                    guard SocketIO.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), stopFd: stopFd) else {
                        return
                    }
                    sentContinue = true
                }
                guard SocketIO.receive(fd, into: &buffer, stopFd: stopFd, timeoutMs: configuration.idleTimeoutMs)
                else { return }
            case .request(let request, let consumed):
                buffer.removeFirst(consumed)
                sentContinue = false
                lock.withLock { handled += 1 }
                let response = handler(request)
                let keepAlive = request.wantsKeepAlive
                let kept = deliver(
                    response, to: fd, stopFd: stopFd, headOnly: request.method == "HEAD", keepAlive: keepAlive,
                    version: request.version)
                guard kept else { return }
            }
        }
    }

    /// Sends `response` as its behaviour says. Returns whether the connection stays open for another request.
    private func deliver(
        _ response: HTTPResponse, to fd: Int32, stopFd: Int32, headOnly: Bool, keepAlive: Bool, version: String
    ) -> Bool {
        switch response.behavior {
        case .closeWithoutResponse:
            return false
        case .hang:
            SocketIO.hang(fd, stopFd: stopFd)
            return false
        case .delay(let ms):
            guard SocketIO.sleep(ms: ms, stopFd: stopFd) else { return false }
        case .truncate, .normal:
            break
        }
        let hasBody = !(response.status == 204 || response.status == 304 || (100..<200).contains(response.status))
        let head = Self.head(response, keepAlive: keepAlive, hasBody: hasBody, version: version)
        guard SocketIO.sendAll(fd, head, stopFd: stopFd) else { return false }
        guard hasBody && !headOnly else { return keepAlive }
        if case .truncate(let afterBytes) = response.behavior {
            _ = SocketIO.sendAll(fd, response.body.prefix(max(0, afterBytes)), stopFd: stopFd)
            // FIN after the partial body, so the client sees the connection end short of Content-Length.
            shutdown(fd, Int32(SHUT_WR))
            return false
        }
        guard SocketIO.sendAll(fd, response.body, stopFd: stopFd) else { return false }
        return keepAlive
    }

    private static func head(_ response: HTTPResponse, keepAlive: Bool, hasBody: Bool, version: String) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(HTTPResponse.reasonPhrase(response.status))\r\n"
        for field in response.headers
        where !["Content-Length", "Connection", "Transfer-Encoding"].contains(where: {
            HTTPHeaders.sameName($0, field.name)
        }) {
            precondition(
                !"\(field.name)\(field.value)".contains(where: { $0 == "\r" || $0 == "\n" }),
                "a simulator handler put a line break in the \(field.name) header")
            text += "\(field.name): \(field.value)\r\n"
        }
        if hasBody { text += "Content-Length: \(response.body.count)\r\n" }
        if !keepAlive {
            text += "Connection: close\r\n"
        } else if version == "HTTP/1.0" {
            text += "Connection: keep-alive\r\n"
        }
        return Array((text + "\r\n").utf8)
    }
}
