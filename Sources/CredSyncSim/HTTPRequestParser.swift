import CredSyncCore
import Foundation

/// Reads one HTTP/1.1 request from the front of a connection's buffered bytes (RFC 9112), or says what is missing or
/// wrong. Pure: the server owns the bytes and the socket.
///
/// Request bodies must come with `Content-Length`; `Transfer-Encoding` (chunked uploads) is answered with 501, as
/// nothing the simulator serves needs it.
enum HTTPRequestParser {
    struct Limits: Sendable {
        var maxHeaderBytes: Int
        var maxBodyBytes: Int
    }

    enum Outcome {
        /// More bytes are needed. `expectsContinue`: the head is complete and the client waits for `100 Continue`
        /// before sending the body.
        case incomplete(expectsContinue: Bool)
        /// A whole request, which took the first `consumed` bytes.
        case request(HTTPRequest, consumed: Int)
        /// The bytes are not a request the server accepts; answer `status` and close the connection.
        case reject(status: Int, reason: String)
    }

    static func parse(_ buffer: [UInt8], limits: Limits) -> Outcome {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request-line.
        var start = 0
        while start + 1 < buffer.count, buffer[start] == 13, buffer[start + 1] == 10 { start += 2 }
        // Bytes that cannot begin a request line (a TLS ClientHello starts with 0x16) are refused at once rather than
        // waited on until the idle timeout.
        if let first = buffer[start...].firstIndex(where: { !isTokenByte($0) }), buffer[first] != UInt8(ascii: " ") {
            return .reject(status: 400, reason: "not an HTTP request")
        }
        guard let headEnd = endOfHead(buffer, from: start) else {
            if buffer.count - start > limits.maxHeaderBytes {
                return .reject(status: 431, reason: "the request head is larger than \(limits.maxHeaderBytes) bytes")
            }
            return .incomplete(expectsContinue: false)
        }
        guard headEnd - start <= limits.maxHeaderBytes else {
            return .reject(status: 431, reason: "the request head is larger than \(limits.maxHeaderBytes) bytes")
        }
        let head = String(decoding: buffer[start..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)

        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3 else { return .reject(status: 400, reason: "malformed request line") }
        let (method, target, version) = (String(requestLine[0]), String(requestLine[1]), String(requestLine[2]))
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            return .reject(status: 400, reason: "malformed method")
        }
        guard target.hasPrefix("/"), !target.utf8.contains(where: { $0 <= 32 || $0 == 127 }) else {
            return .reject(status: 400, reason: "the request target must be a path")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            if version.hasPrefix("HTTP/") { return .reject(status: 505, reason: "only HTTP/1.x is served") }
            return .reject(status: 400, reason: "malformed HTTP version")
        }

        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else {
                return .reject(status: 400, reason: "malformed header line")
            }
            let name = line[..<colon]
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                return .reject(status: 400, reason: "malformed header name")
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.add(String(name), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
        if version == "HTTP/1.1", !headers.contains("Host") {
            return .reject(status: 400, reason: "HTTP/1.1 requests need a Host header")
        }
        if headers.contains("Transfer-Encoding") {
            return .reject(status: 501, reason: "request bodies must have a Content-Length")
        }
        let lengths = Set(
            headers.values(for: "Content-Length").flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) })
        var contentLength = 0
        if let text = lengths.first {
            guard lengths.count == 1, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text.count <= 12,
                let value = Int(text)
            else { return .reject(status: 400, reason: "malformed Content-Length") }
            guard value <= limits.maxBodyBytes else {
                return .reject(status: 413, reason: "the request body is larger than \(limits.maxBodyBytes) bytes")
            }
            contentLength = value
        }

        let bodyStart = headEnd + 4
        guard buffer.count - bodyStart >= contentLength else {
            let expectsContinue = headers["Expect"]?.lowercased() == "100-continue"
            return .incomplete(expectsContinue: expectsContinue)
        }
        let request = HTTPRequest(
            method: method, target: target, version: version, headers: headers,
            body: Array(buffer[bodyStart..<bodyStart + contentLength]))
        return .request(request, consumed: bodyStart + contentLength)
    }

    /// The index of the blank line's `\r\n\r\n` that ends the head.
    private static func endOfHead(_ buffer: [UInt8], from start: Int) -> Int? {
        guard buffer.count - start >= 4 else { return nil }
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    /// RFC 9110 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
