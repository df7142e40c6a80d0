import CredSyncCore
import Foundation
import Testing

@testable import CredSyncSim

@Suite struct HTTPRequestParserTests {
    let limits = HTTPRequestParser.Limits(maxHeaderBytes: 1_024, maxBodyBytes: 64)

    private func parse(_ text: String) -> HTTPRequestParser.Outcome {
        HTTPRequestParser.parse(Array(text.utf8), limits: limits)
    }

    private func parsed(_ text: String) -> (HTTPRequest, Int)? {
        guard case .request(let request, let consumed) = parse(text) else { return nil }
        return (request, consumed)
    }

    private func rejection(_ text: String) -> Int? {
        guard case .reject(let status, _) = parse(text) else { return nil }
        return status
    }

    @Test func parsesRequestLineHeadersQueryAndBody() throws {
        let text =
            "POST /v1/c%C3%A9rt+s?page=2&since=2024-03-01T00%3A00%3A00Z&q=a+b&page=9&flag HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nX-Api-Key:  k1 \r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n"
        let (request, consumed) = try #require(parsed(text))
        #expect(request.method == "POST")
        #expect(request.path == "/v1/cért+s")
        #expect(request.target.hasPrefix("/v1/c%C3%A9rt+s?page=2"))
        #expect(request.query == ["page": "2", "since": "2024-03-01T00:00:00Z", "q": "a b", "flag": ""])
        #expect(request.queryItems.map(\.name) == ["page", "since", "q", "page", "flag"])
        #expect(request.headers["x-api-key"] == "k1")
        #expect(request.body == Array("hello".utf8))
        #expect(consumed == text.utf8.count - "GET / HTTP/1.1\r\n".utf8.count)
        #expect(request.wantsKeepAlive)
    }

    @Test func waitsForTheRestOfTheHeadAndTheBody() {
        guard case .incomplete(false) = parse("GET / HTTP/1.1\r\nHost: x\r\n") else {
            Issue.record("a head without its blank line is incomplete")
            return
        }
        guard case .incomplete(false) = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel") else {
            Issue.record("a short body is incomplete")
            return
        }
        let expecting = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        guard case .incomplete(true) = parse(expecting) else {
            Issue.record("a client that expects 100-continue is told so")
            return
        }
    }

    @Test func rejectsMalformedRequests() {
        #expect(rejection("GARBAGE\r\n\r\n") == 400)
        #expect(rejection("\u{16}\u{03}\u{01}") == 400)  // a TLS ClientHello: refused before the head is complete
        #expect(rejection("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/2.0\r\nHost: h\r\n\r\n") == 505)
        #expect(rejection("GET / HTTP/1.1\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n") == 400)
        #expect(rejection("GET / HTTP/1.1\r\nHost: h\r\nno colon\r\n\r\n") == 400)
        #expect(rejection("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(rejection("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400)
        #expect(rejection("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n") == 413)
        #expect(rejection("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") == 501)
        #expect(rejection("GET /" + String(repeating: "a", count: 2_000)) == 431)
    }

    @Test func connectionHeaderDecidesKeepAlive() throws {
        #expect(
            try #require(parsed("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).0.wantsKeepAlive == false)
        #expect(try #require(parsed("GET / HTTP/1.0\r\n\r\n")).0.wantsKeepAlive == false)
        #expect(try #require(parsed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")).0.wantsKeepAlive)
    }

    @Test func skipsBlankLinesBeforeTheRequestLineAndReadsFormBodies() throws {
        let (request, _) = try #require(
            parsed(
                "\r\nPOST /oauth/token HTTP/1.1\r\nHost: h\r\nContent-Length: 47\r\n\r\n"
                    + "grant_type=client_credentials&client_id=a%2Bb+c"))
        #expect(request.formFields == ["grant_type": "client_credentials", "client_id": "a+b c"])
    }
}
