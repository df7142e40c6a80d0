import CredSyncCore
import Foundation

/// A request as the simulator's server received it.
public struct HTTPRequest: Sendable {
    /// As sent: `GET`, `POST`…
    public var method: String
    /// The request target as sent, query string included: `/v1/certificates?page=2`.
    public var target: String
    /// The percent-decoded path, without the query string: `/v1/certificates`.
    public var path: String
    /// The query string's pairs, in order, decoded.
    public var queryItems: [URLQueryItem]
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders = [:], body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        let (path, query) = Self.split(target)
        self.path = FormURLEncoding.percentDecode(path.replacing("+", with: "%2B"))
        queryItems = query.map { FormURLEncoding.decode($0) } ?? []
    }

    /// The first value of each query parameter; absent parameters are nil, `?flag` is "".
    public var query: [String: String] {
        var result: [String: String] = [:]
        for item in queryItems where result[item.name] == nil { result[item.name] = item.value ?? "" }
        return result
    }

    /// The body read as `application/x-www-form-urlencoded` (an OAuth2 token request), first value of each name.
    public var formFields: [String: String] {
        var result: [String: String] = [:]
        for item in FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) where result[item.name] == nil {
            result[item.name] = item.value ?? ""
        }
        return result
    }

    /// Whether the client asked to keep the connection open: HTTP/1.1 unless `Connection: close`, HTTP/1.0 only with
    /// `Connection: keep-alive` (RFC 9112 §9.3).
    public var wantsKeepAlive: Bool {
        let tokens = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if tokens.contains("close") { return false }
        return version == "HTTP/1.1" || tokens.contains("keep-alive")
    }

    private static func split(_ target: String) -> (path: Substring, query: Substring?) {
        guard let mark = target.firstIndex(of: "?") else { return (target[...], nil) }
        return (target[..<mark], target[target.index(after: mark)...])
    }
}
