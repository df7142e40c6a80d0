import CredSyncCore
import CredSyncTestSupport
import Foundation
import Testing

@testable import CredSyncSim

/// Compresses `bytes` with the system's gzip (Debian's `gzip` package is essential, always installed).
private func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](compressed)
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// The server's view of a request, echoed back as JSON.
private struct Echo: Decodable {
    var method: String
    var path: String
    var query: [[String]]
    var headers: [[String]]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0[0].caseInsensitiveCompare(name) == .orderedSame }?[1]
    }
}

private func echo(_ request: HTTPRequest) -> HTTPResponse {
    let object: [String: Any] = [
        "method": request.method, "path": request.path,
        "query": request.queryItems.map { [$0.name, $0.value ?? ""] },
        "headers": request.headers.map { [$0.name, $0.value] },
        "body": String(decoding: request.body, as: UTF8.self),
    ]
    let body = try! JSONSerialization.data(withJSONObject: object)
    return .json([UInt8](body), headers: ["X-Served-By": "sim", "Link": "<http://x/2>; rel=\"next\""])
}

/// A started server over `router` (an echo at `/echo` plus whatever `configure` adds); stopped by `defer`.
private func startServer(_ configure: (inout HTTPRouter) -> Void = { _ in }) throws -> (LoopbackHTTPServer, HTTPRouter)
{
    var router = HTTPRouter()
    router.add("GET", "/echo") { request, _ in echo(request) }
    router.add("POST", "/echo") { request, _ in echo(request) }
    configure(&router)
    let server = LoopbackHTTPServer(handler: router.handle)
    try server.start()
    return (server, router)
}

@Suite struct HTTPClientTests {
    @Test func getSendsTheQueryUserAgentAcceptEncodingAndHeaders() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let client = HTTPClient()
        let response = try client.send(
            .get(
                "\(server.baseURL)/echo",
                query: [
                    URLQueryItem(name: "page", value: "2"), URLQueryItem(name: "since", value: "2024-03-01T10:00:00Z"),
                ],
                headers: ["Authorization": "Bearer t0k3n", "X-Empty": ""]))
        #expect(response.status == 200)
        #expect(response.isSuccess)
        #expect(response.headers["x-served-by"] == "sim")
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers.values(for: "link") == ["<http://x/2>; rel=\"next\""])
        #expect(response.url.hasSuffix("/echo?page=2&since=2024-03-01T10%3A00%3A00Z"))
        let seen = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        #expect(seen.method == "GET")
        #expect(seen.query == [["page", "2"], ["since", "2024-03-01T10:00:00Z"]])
        #expect(seen.header("User-Agent") == "credsync/\(CredSync.version)")
        #expect(seen.header("Authorization") == "Bearer t0k3n")
        #expect(seen.header("X-Empty") == "")
        #expect(seen.header("Expect") == nil)
        let acceptEncoding = try #require(seen.header("Accept-Encoding"))
        #expect(acceptEncoding.contains("gzip"))
        #expect(acceptEncoding.contains("deflate"))
    }

    @Test func postsFormAndJSONBodies() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let client = HTTPClient()
        let form = try client.send(
            .postForm(
                "\(server.baseURL)/echo",
                fields: [
                    URLQueryItem(name: "grant_type", value: "client_credentials"),
                    URLQueryItem(name: "client_secret", value: "a&b=c d+e"),
                ]))
        let seenForm = try JSONDecoder().decode(Echo.self, from: Data(form.body))
        #expect(seenForm.method == "POST")
        #expect(seenForm.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(seenForm.body == "grant_type=client_credentials&client_secret=a%26b%3Dc%20d%2Be")

        let document = String(repeating: "{\"k\":\"v\"},", count: 500)  // large enough for libcurl's Expect logic
        let json = try client.send(.postJSON("\(server.baseURL)/echo", body: Array("[\(document)null]".utf8)))
        let seenJSON = try JSONDecoder().decode(Echo.self, from: Data(json.body))
        #expect(seenJSON.header("Content-Type") == "application/json")
        #expect(seenJSON.body == "[\(document)null]")
        #expect(seenJSON.header("Content-Length") == "\(document.utf8.count + 6)")
    }

    @Test func decodesGzipBodies() throws {
        let text = String(repeating: "{\"certificate_id\":\"NSQF-1\"},", count: 2_000)
        let compressed = try gzipped(Array(text.utf8))
        let (server, _) = try startServer { router in
            router.add("GET", "/gzip") { _, _ in
                HTTPResponse(status: 200, headers: ["Content-Encoding": "gzip"], body: compressed)
            }
        }
        defer { server.stop() }
        let response = try HTTPClient().send(.get("\(server.baseURL)/gzip"))
        #expect(compressed.count < text.utf8.count / 10)
        #expect(response.body == Array(text.utf8))
    }

    @Test func reusesOneConnectionForSequentialRequests() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let client = HTTPClient()
        for page in 1...5 {
            let response = try client.send(
                .get("\(server.baseURL)/echo", query: [URLQueryItem(name: "page", value: "\(page)")]))
            #expect(response.status == 200)
        }
        #expect(server.requestsHandled == 5)
        #expect(server.acceptedConnections == 1)
    }

    @Test func workerThreadsEachKeepTheirOwnConnection() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            let client = HTTPClient()
            for page in 1...20 {
                let request = HTTPClientRequest.get(
                    "\(server.baseURL)/echo", query: [URLQueryItem(name: "worker", value: "\(worker)-\(page)")])
                if (try? client.send(request))?.status != 200 { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        #expect(server.requestsHandled == 100)
        #expect(server.acceptedConnections == 5)
    }

    @Test func capsTheResponseSizeWhetherAnnouncedOrDecoded() throws {
        let plain = [UInt8](repeating: 120, count: 100_000)
        let bomb = try gzipped([UInt8](repeating: 0, count: 2 << 20))
        let (server, _) = try startServer { router in
            router.add("GET", "/plain") { _, _ in HTTPResponse(status: 200, body: plain) }
            router.add("GET", "/bomb") { _, _ in
                HTTPResponse(status: 200, headers: ["Content-Encoding": "gzip"], body: bomb)
            }
        }
        defer { server.stop() }
        let client = HTTPClient(options: .init(maxResponseBytes: 64 << 10))
        for path in ["/plain", "/bomb"] {
            let error = #expect(throws: HTTPError.self) { try client.send(.get("\(server.baseURL)\(path)")) }
            #expect(error?.kind == .responseTooLarge(limitBytes: 64 << 10), "\(path)")
            #expect(error?.description.contains("returned more than 64 KiB") == true)
        }
        #expect(bomb.count < 64 << 10)
        var request = HTTPClientRequest.get("\(server.baseURL)/plain")
        request.maxResponseBytes = 100_000
        #expect(try client.send(request).body.count == 100_000)
    }

    @Test func aRefusedConnectionIsConnectFailed() throws {
        let (server, _) = try startServer()
        let url = "\(server.baseURL)/echo?api_key=s3cr3t"
        server.stop()
        let error = #expect(throws: HTTPError.self) { try HTTPClient().send(.get(url)) }
        #expect(error?.kind == .connectFailed)
        #expect(error?.isTransient == true)
        #expect(error?.description.hasPrefix("GET http://127.0.0.1:\(server.port)/echo could not connect (") == true)
        #expect(error?.description.contains("s3cr3t") == false)
    }

    @Test func aHangingPlatformTimesOutWithinTheTimeout() throws {
        let (server, router) = try startServer()
        defer { server.stop() }
        router.faults.inject(.hang)
        let client = HTTPClient(options: .init(timeoutMs: 300))
        let started = Date()
        let error = #expect(throws: HTTPError.self) { try client.send(.get("\(server.baseURL)/echo")) }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.kind == .timeout(limitMs: 300))
        #expect(error?.description.contains("timed out after 300 ms") == true)
        #expect(elapsed >= 0.25 && elapsed < 2)
        // The same client recovers on a fresh connection.
        #expect(try client.send(.get("\(server.baseURL)/echo")).status == 200)
    }

    @Test func aRequestTimeoutOverridesTheClients() throws {
        let (server, router) = try startServer()
        defer { server.stop() }
        router.faults.inject(.delay(ms: 400))
        var request = HTTPClientRequest.get("\(server.baseURL)/echo")
        request.timeoutMs = 150
        let error = #expect(throws: HTTPError.self) { try HTTPClient().send(request) }
        #expect(error?.kind == .timeout(limitMs: 150))
    }

    @Test func aTruncatedBodyOrAnEmptyReplyIsAnErrorNotAShortBody() throws {
        let (server, router) = try startServer()
        defer { server.stop() }
        router.faults.inject(.truncate(afterBytes: 10))
        let truncated = #expect(throws: HTTPError.self) { try HTTPClient().send(.get("\(server.baseURL)/echo")) }
        #expect(truncated?.kind == .network)
        #expect(truncated?.isTransient == true)
        #expect(truncated?.detail.contains("bytes remaining") == true)

        router.faults.inject(.closeWithoutResponse)
        let empty = #expect(throws: HTTPError.self) { try HTTPClient().send(.get("\(server.baseURL)/echo")) }
        #expect(empty?.kind == .network)
        #expect(empty?.detail.contains("Empty reply") == true)
    }

    @Test func errorStatusesAreResponsesForThePolicyToJudge() throws {
        let (server, router) = try startServer()
        defer { server.stop() }
        router.faults.inject(.status(503, retryAfter: "2"))
        router.faults.inject(.status(401))
        let client = HTTPClient()
        let policy = HTTPRetryPolicy()
        let unavailable = Result { () throws(HTTPError) in try client.send(.get("\(server.baseURL)/echo")) }
        #expect(try unavailable.get().status == 503)
        #expect(policy.decision(for: unavailable, retryNumber: 1, nowMs: 0, unitRandom: 0.5) == .retry(afterMs: 2_000))
        let unauthorized = Result { () throws(HTTPError) in try client.send(.get("\(server.baseURL)/echo")) }
        #expect(try unauthorized.get().status == 401)
        #expect(policy.decision(for: unauthorized, retryNumber: 1, nowMs: 0, unitRandom: 0.5) == .accept)
        #expect(server.acceptedConnections == 1)
    }

    @Test func followsRedirectsOnTheSameScheme() throws {
        let (server, _) = try startServer { router in
            router.add("GET", "/moved") { _, _ in HTTPResponse(status: 302, headers: ["Location": "/echo?from=moved"]) }
        }
        defer { server.stop() }
        let response = try HTTPClient().send(.get("\(server.baseURL)/moved"))
        #expect(response.status == 200)
        #expect(try JSONDecoder().decode(Echo.self, from: Data(response.body)).query == [["from", "moved"]])
        let notFollowed = try HTTPClient(options: .init(maxRedirects: 0)).send(.get("\(server.baseURL)/moved"))
        #expect(notFollowed.status == 302)
    }

    @Test func tlsIsVerifiedAndOnlyHTTPURLsAreAccepted() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let client = HTTPClient(options: .init(timeoutMs: 5_000))
        // The simulator speaks plain HTTP, so a TLS handshake with it fails.
        let tls = #expect(throws: HTTPError.self) { try client.send(.get("https://127.0.0.1:\(server.port)/echo")) }
        #expect(tls?.kind == .tls)
        #expect(tls?.isTransient == false)
        for url in ["ftp://127.0.0.1/x", "127.0.0.1:\(server.port)/echo", "file:///etc/passwd", "http//x"] {
            let error = #expect(throws: HTTPError.self) { try client.send(.get(url)) }
            #expect(error?.kind == .badURL, "\(url)")
        }
        let badURL = #expect(throws: HTTPError.self) { try client.send(.get("http://[::1/x")) }
        #expect(badURL?.kind == .badURL)
    }

    @Test func headerInjectionIsRefusedBeforeAnythingIsSent() throws {
        let (server, _) = try startServer()
        defer { server.stop() }
        let client = HTTPClient()
        let error = #expect(throws: HTTPError.self) {
            try client.send(.get("\(server.baseURL)/echo", headers: ["X-API-Key": "k\r\nX-Admin: 1"]))
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.description.contains("X-API-Key header contains a line break") == true)
        #expect(server.requestsHandled == 0)
    }

    @Test func reportsTheTotalTime() throws {
        let (server, router) = try startServer()
        defer { server.stop() }
        router.faults.inject(.delay(ms: 120))
        let response = try HTTPClient().send(.get("\(server.baseURL)/echo"))
        #expect(response.totalTimeMs >= 100 && response.totalTimeMs < 2_000)
    }
}
