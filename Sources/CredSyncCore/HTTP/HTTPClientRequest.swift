import Foundation

/// One request for `HTTPClient.send`: a method, an absolute http(s) URL, headers and an optional body.
public struct HTTPClientRequest: Sendable, Equatable {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`… as sent on the request line.
    public var method: String
    /// Absolute `https://` URL (`http://` only where the platform's URL says so), query string included.
    public var url: String
    public var headers: HTTPHeaders
    /// Sent with `Content-Length`; nil sends no body.
    public var body: [UInt8]?
    /// Overrides the client's total timeout for this request (a platform's `timeoutSeconds`).
    public var timeoutMs: Int?
    /// Overrides the client's response size cap for this request.
    public var maxResponseBytes: Int?

    public init(
        method: String, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil, timeoutMs: Int? = nil,
        maxResponseBytes: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
        self.maxResponseBytes = maxResponseBytes
    }

    /// A GET of `url` with `query` appended to its query string.
    public static func get(_ url: String, query: [URLQueryItem] = [], headers: HTTPHeaders = [:]) -> Self {
        Self(method: "GET", url: FormURLEncoding.url(url, appending: query), headers: headers)
    }

    /// A POST of an `application/x-www-form-urlencoded` body (an OAuth2 token request).
    public static func postForm(_ url: String, fields: [URLQueryItem], headers: HTTPHeaders = [:]) -> Self {
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return Self(method: "POST", url: url, headers: headers, body: Array(FormURLEncoding.encode(fields).utf8))
    }

    /// A POST of a JSON document, already encoded.
    public static func postJSON(_ url: String, body: [UInt8], headers: HTTPHeaders = [:]) -> Self {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return Self(method: "POST", url: url, headers: headers, body: body)
    }
}
