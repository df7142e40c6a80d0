/// A blocking HTTP/1.1 client over libcurl, one per worker thread: it reuses its connections from request to request
/// (keep-alive, TLS sessions, DNS), verifies TLS always, asks for gzip, names itself `credsync/<version>` and caps
/// the size of a response.
///
/// `send` blocks the calling thread for up to the total timeout, so it belongs on a dedicated thread, never on Swift's
/// cooperative pool. Not `Sendable`: each thread makes its own client.
public final class HTTPClient {
    /// Limits and identity that apply to every request of this client.
    public struct Options: Sendable, Equatable {
        /// The longest the TCP connect and TLS handshake may take.
        public var connectTimeoutMs: Int
        /// The longest a whole request may take, unless the request says otherwise.
        public var timeoutMs: Int
        /// The largest response body accepted, counted after gzip decoding.
        public var maxResponseBytes: Int
        /// Redirects followed before giving up; 0 returns the 3xx response itself.
        public var maxRedirects: Int
        public var userAgent: String

        public init(
            connectTimeoutMs: Int = 10_000, timeoutMs: Int = 30_000, maxResponseBytes: Int = 32 << 20,
            maxRedirects: Int = 5, userAgent: String = HTTPClient.defaultUserAgent
        ) {
            precondition(connectTimeoutMs > 0 && timeoutMs > 0 && maxResponseBytes > 0 && maxRedirects >= 0)
            self.connectTimeoutMs = connectTimeoutMs
            self.timeoutMs = timeoutMs
            self.maxResponseBytes = maxResponseBytes
            self.maxRedirects = maxRedirects
            self.userAgent = userAgent
        }
    }

    /// `credsync/0.1.0`.
    public static let defaultUserAgent = "credsync/\(CredSync.version)"

    /// libcurl's version and its TLS and compression libraries, for `--version` and bug reports.
    public static var libcurlVersion: String { CurlEasy.libcurlVersion }

    public let options: Options
    private let curl = CurlEasy()

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Sends `request` and waits for the whole response. Any HTTP status is a response; only a request that got no
    /// complete response throws.
    public func send(_ request: HTTPClientRequest) throws(HTTPError) -> HTTPClientResponse {
        func failure(_ kind: HTTPError.Kind, _ detail: String, elapsedMs: Int = 0) -> HTTPError {
            HTTPError(kind: kind, method: request.method, url: request.url, detail: detail, elapsedMs: elapsedMs)
        }
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        guard scheme == "https" || scheme == "http", request.url.dropFirst(scheme.count).hasPrefix("://") else {
            throw failure(.badURL, "the URL must start with https:// (or http://)")
        }
        guard request.method.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }), !request.method.isEmpty else {
            throw failure(.invalidRequest, "the method \"\(request.method)\" is not an HTTP method")
        }
        let headerLines: [String]
        do throws(HeaderError) {
            headerLines = try Self.headerLines(request.headers)
        } catch {
            throw failure(.invalidRequest, error.message)
        }
        let transfer = CurlEasy.Transfer(
            method: request.method, url: request.url, headerLines: headerLines, body: request.body,
            connectTimeoutMs: options.connectTimeoutMs, timeoutMs: request.timeoutMs ?? options.timeoutMs,
            maxResponseBytes: request.maxResponseBytes ?? options.maxResponseBytes, userAgent: options.userAgent,
            maxRedirects: options.maxRedirects, redirectProtocols: scheme == "https" ? "https" : "http,https")
        do throws(CurlEasy.Failure) {
            let received = try curl.perform(transfer)
            return HTTPClientResponse(
                status: received.status, headers: Self.headers(fromLines: received.headerLines), body: received.body,
                method: request.method, url: request.url, totalTimeMs: received.totalTimeMs)
        } catch {
            throw failure(error.kind, error.detail, elapsedMs: error.elapsedMs)
        }
    }

    /// Closes the connections now rather than when the client is released.
    public func close() { curl.close() }

    // MARK: - Headers

    private struct HeaderError: Error {
        var message: String
    }

    /// The request headers as libcurl takes them. `Expect:` suppresses libcurl's `Expect: 100-continue` on larger
    /// bodies, which would cost a round trip (or a one-second wait on servers that ignore it).
    private static func headerLines(_ headers: HTTPHeaders) throws(HeaderError) -> [String] {
        var lines: [String] = []
        for field in headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte) else {
                throw HeaderError(message: "the header name \"\(field.name)\" is not valid")
            }
            guard !field.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw HeaderError(message: "the \(field.name) header contains a line break")
            }
            // > CURLOPT_HTTPHEADER: If you add a header with no content as in 'Accept:' (no data on the right side of the
            // > colon), the internally used header will get disabled. […] To add a header with no content (nothing to
            // > the right side of the colon), use the form 'MyHeader;' (note the ending semicolon).
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if !headers.contains("Expect") { lines.append("Expect:") }
        return lines
    }

    /// Parses `Name: value` lines; a line starting with a space or tab continues the previous value (obs-fold).
    static func headers(fromLines lines: [String]) -> HTTPHeaders {
        var fields: [(String, String)] = []
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].1 += " " + trimmed(Substring(line))
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), trimmed(line[line.index(after: colon)...])))
            }
        }
        return HTTPHeaders(fields)
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// RFC 9110 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

@available(*, unavailable) extension HTTPClient: Sendable {}
