import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP connection for sending the server hand-written bytes.
private final class RawConnection {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw SocketError("connect", errno: errno) }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `marker` has arrived, the peer closes, or 3 s pass.
    func read(until marker: String? = nil) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { return (text(received), false) }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (text(received), count == 0) }
            received += chunk[0..<count]
        }
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

@Suite struct LoopbackHTTPServerTests {
    private func echoServer() throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer { request in
            .text("\(request.method) \(request.path) \(request.query["q"] ?? "-") \(request.body.count)")
        }
        try server.start()
        return server
    }

    @Test func bindsAnEphemeralLoopbackPortAndServesKeepAliveRequests() throws {
        let server = try echoServer()
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let connection = try RawConnection(port: server.port)
        connection.send("GET /a?q=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = connection.read(until: "GET /a 1 0")
        #expect(first.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.text.contains("Content-Length: 10\r\n"))
        connection.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
        let second = connection.read()
        #expect(second.text.contains("Connection: close\r\n"))
        #expect(second.text.hasSuffix("POST /b - 3"))
        #expect(second.closed)
        #expect(server.acceptedConnections == 1)
        #expect(server.requestsHandled == 2)
    }

    @Test func aMalformedRequestGets400AndTheConnectionCloses() throws {
        let server = try echoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("NOT HTTP AT ALL\r\n\r\n")
        let reply = connection.read()
        #expect(reply.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(reply.closed)
        #expect(server.requestsHandled == 0)
        // The server is still fine for the next client.
        let next = try RawConnection(port: server.port)
        next.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(next.read(until: "GET /ok").text.contains("200 OK"))
    }

    @Test func answersExpectContinueBeforeTheBody() throws {
        let server = try echoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(connection.read(until: "\r\n\r\n").text == "HTTP/1.1 100 Continue\r\n\r\n")
        connection.send("data")
        #expect(connection.read(until: "PUT /up - 4").text.contains("200 OK"))
    }

    @Test func survivesClientsThatDisconnectMidRequestOrMidResponse() throws {
        let big = [UInt8](repeating: 65, count: 4 << 20)
        let server = LoopbackHTTPServer { _ in HTTPResponse(status: 200, body: big) }
        try server.start()
        defer { server.stop() }
        do {
            let connection = try RawConnection(port: server.port)
            connection.send("GET /half HTTP/1.1\r\nHo")
        }
        do {
            let connection = try RawConnection(port: server.port)
            connection.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = connection.read(until: "AAAA")
        }
        #expect(eventually(timeoutSeconds: 5) { server.openConnections == 0 })
        let connection = try RawConnection(port: server.port)
        connection.send("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = connection.read(until: "\r\n\r\n").text
        #expect(head.contains("Content-Length: 4194304\r\n"))
    }

    @Test func stopReleasesHungAndDelayedConnectionsPromptly() throws {
        let server = LoopbackHTTPServer { request in
            request.path == "/hang"
                ? HTTPResponse(status: 200, behavior: .hang)
                : HTTPResponse(status: 200, behavior: .delay(ms: 60_000))
        }
        try server.start()
        let hung = try RawConnection(port: server.port)
        hung.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        let delayed = try RawConnection(port: server.port)
        delayed.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try RawConnection(port: server.port)
        #expect(eventually(timeoutSeconds: 5) { server.requestsHandled == 2 && server.openConnections == 3 })
        let started = Date()
        server.stop()
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(server.openConnections == 0)
        #expect(hung.read().closed)
        let delayedReply = delayed.read()
        #expect(delayedReply.text.isEmpty && delayedReply.closed)
        #expect(idle.read().closed)
        server.stop()
    }

    @Test func closesIdleConnectionsAfterTheIdleTimeout() throws {
        let server = LoopbackHTTPServer(configuration: .init(idleTimeoutMs: 100)) { _ in .text("ok") }
        try server.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        let started = Date()
        #expect(connection.read().closed)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(eventually(timeoutSeconds: 2) { server.openConnections == 0 })
    }

    @Test func truncateAnnouncesTheFullLengthThenCloses() throws {
        let server = LoopbackHTTPServer { _ in
            HTTPResponse(status: 200, body: Array("0123456789".utf8), behavior: .truncate(afterBytes: 4))
        }
        try server.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = connection.read()
        #expect(reply.text.contains("Content-Length: 10\r\n"))
        #expect(reply.text.hasSuffix("\r\n\r\n0123"))
        #expect(reply.closed)
    }
}
