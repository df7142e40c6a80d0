/// A request that produced no usable HTTP response: the network, TLS, a timeout, the size cap or a bad URL. An HTTP
/// error status (404, 500…) is not an `HTTPError`; it arrives as a response and the retry policy judges it.
///
/// The description is one line for the operator: the method, the URL without its query string (which may hold
/// secrets), what went wrong and what to check, then libcurl's own message in parentheses.
public struct HTTPError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Not an http(s) URL, or one libcurl cannot parse.
        case badURL
        /// A redirect to a scheme the request may not follow (https to http, or to ftp:, file:…), or more redirects
        /// than the client follows.
        case badRedirect
        /// The request itself cannot be sent as given (a header value with a line break…).
        case invalidRequest
        /// Name resolution or the TCP connection failed.
        case connectFailed
        /// The connect timeout or the total timeout, of `limitMs`, expired.
        case timeout(limitMs: Int)
        /// The TLS handshake or certificate verification failed.
        case tls
        /// The (decoded) body grew past the client's cap, in bytes.
        case responseTooLarge(limitBytes: Int)
        /// Anything else on the wire: the connection closed early, a truncated body, an empty reply, too many
        /// redirects.
        case network
    }

    public let kind: Kind
    public let method: String
    /// The URL without its query string, fragment or user information.
    public let url: String
    /// libcurl's message (its error buffer, or `curl_easy_strerror`), with the query string scrubbed.
    public let detail: String
    /// How long the transfer ran before it failed.
    public let elapsedMs: Int

    public init(kind: Kind, method: String, url: String, detail: String, elapsedMs: Int = 0) {
        self.kind = kind
        self.method = method
        self.url = URLRedaction.withoutQuery(url)
        self.detail = Self.scrub(detail, of: url)
        self.elapsedMs = elapsedMs
    }

    /// Whether trying the same request again may succeed: connection failures, timeouts and broken transfers.
    /// TLS failures, bad URLs and redirects, and oversized responses will fail the same way again.
    public var isTransient: Bool {
        switch kind {
        case .connectFailed, .timeout, .network: return true
        case .badURL, .badRedirect, .invalidRequest, .tls, .responseTooLarge: return false
        }
    }

    public var description: String {
        let target = "\(method) \(url)"
        let curl = detail.isEmpty ? "" : " (\(detail))"
        switch kind {
        case .badURL:
            return "\(target) is not a usable http or https URL\(curl); check the platform's API URL"
        case .badRedirect:
            return "\(target) answered with a redirect credsync will not follow\(curl); only redirects to https "
                + "(or http, from an http URL) are followed: set the platform's API URL to where it points"
        case .invalidRequest:
            return "\(target) cannot be sent: \(detail); check the platform's settings and secrets"
        case .connectFailed:
            return "\(target) could not connect\(curl); check the platform's API URL and that it is reachable"
        case .timeout(let limitMs):
            return "\(target) timed out after \(Self.seconds(limitMs))\(curl); the platform is slow or unreachable"
        case .tls:
            return "\(target) failed TLS verification\(curl); the platform's certificate is invalid or not trusted"
        case .responseTooLarge(let limitBytes):
            return "\(target) returned more than \(Self.size(limitBytes)); ask for smaller pages (pageSize) "
                + "or raise the response size limit"
        case .network:
            return "\(target) failed mid-transfer\(curl); the platform or the network dropped the connection"
        }
    }

    /// `300 ms`, `2.5 s`, `30 s`.
    static func seconds(_ ms: Int) -> String {
        if ms < 1_000 { return "\(ms) ms" }
        if ms % 1_000 == 0 { return "\(ms / 1_000) s" }
        return "\(ms / 1_000).\(ms % 1_000 / 100) s"
    }

    /// `512 bytes`, `64 KiB`, `32 MiB`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// libcurl's messages name hosts rather than whole URLs, but a query string must never leak through one.
    private static func scrub(_ detail: String, of url: String) -> String {
        guard let query = url.firstIndex(where: { $0 == "?" || $0 == "#" }).map({ url[$0...] }), query.count > 1
        else { return detail }
        return detail.replacing(query, with: "?…")
    }
}
