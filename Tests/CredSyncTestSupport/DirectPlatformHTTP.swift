import CredSyncCore
import Foundation

/// A bare `PlatformHTTP` for tests: one `HTTPClient`, the auth the simulator asks for, no retries, no pacing. The
/// engine's `PlatformSession` does the real job; this one lets adapters be tested against the simulator alone.
public final class DirectPlatformHTTP: PlatformHTTP {
    public enum Auth {
        case none
        case bearer(String)
        /// A header such as `X-API-Key`.
        case header(name: String, value: String)
        case basic(user: String, password: String)
        /// Fetches a token from `tokenURL` (form body `grant_type=client_credentials&client_id&client_secret`) before
        /// the first request, then sends it as a bearer token.
        case clientCredentials(tokenURL: String, clientId: String, clientSecret: String)
    }

    /// A token request that did not return a token.
    public struct TokenError: Error, CustomStringConvertible {
        public let url: String
        public let status: Int
        public let body: String

        public var description: String { "POST \(url) answered HTTP \(status): \(body)" }
    }

    public let auth: Auth
    private let client: HTTPClient
    private var accessToken: String?
    /// Every URL requested, with its query, in order.
    public private(set) var requestedURLs: [String] = []

    public init(auth: Auth = .none, timeoutMs: Int = 5_000) {
        self.auth = auth
        client = HTTPClient(options: HTTPClient.Options(connectTimeoutMs: 2_000, timeoutMs: timeoutMs))
    }

    public func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws
        -> HTTPClientResponse
    {
        var request = HTTPClientRequest.get(
            url, query: query.map { URLQueryItem(name: $0.0, value: $0.1) }, headers: HTTPHeaders(headers))
        if let authorization = try authorizationHeader() {
            request.headers[authorization.name] = authorization.value
        }
        requestedURLs.append(request.url)
        return try client.send(request)
    }

    private func authorizationHeader() throws -> (name: String, value: String)? {
        switch auth {
        case .none:
            return nil
        case .bearer(let token):
            return ("Authorization", "Bearer \(token)")
        case .header(let name, let value):
            return (name, value)
        case .basic(let user, let password):
            return ("Authorization", "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())")
        case .clientCredentials(let tokenURL, let clientId, let clientSecret):
            if accessToken == nil {
                let response = try client.send(
                    .postForm(
                        tokenURL,
                        fields: [
                            URLQueryItem(name: "grant_type", value: "client_credentials"),
                            URLQueryItem(name: "client_id", value: clientId),
                            URLQueryItem(name: "client_secret", value: clientSecret),
                        ]))
                guard response.isSuccess, let json = try? JSONParser.parse(response.body),
                    let token = json["access_token"]?.stringValue
                else { throw TokenError(url: tokenURL, status: response.status, body: response.bodyPrefix()) }
                accessToken = token
            }
            return ("Authorization", "Bearer \(accessToken!)")
        }
    }
}

/// A `PlatformHTTP` that answers from a script, for adapter unit tests: each `get` takes the next response and
/// records what was asked.
public final class CannedPlatformHTTP: PlatformHTTP {
    public struct Request {
        public var url: String
        public var query: [(String, String)]
        public var headers: [(String, String)]

        /// The first value of a query parameter.
        public func query(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

        public func header(_ name: String) -> String? {
            headers.first { HTTPHeaders.sameName($0.0, name) }?.1
        }
    }

    private var responses: [HTTPClientResponse]
    public private(set) var requests: [Request] = []

    public init(_ responses: [HTTPClientResponse]) {
        self.responses = responses
    }

    /// Answers each request with the next of `bodies` as a 200 JSON page.
    public convenience init(json bodies: String...) {
        self.init(bodies.map { CannedPlatformHTTP.response($0) })
    }

    public static func response(_ body: String, status: Int = 200, headers: HTTPHeaders = [:]) -> HTTPClientResponse {
        HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    public func get(_ url: String, query: [(String, String)], headers: [(String, String)]) throws
        -> HTTPClientResponse
    {
        requests.append(Request(url: url, query: query, headers: headers))
        precondition(!responses.isEmpty, "CannedPlatformHTTP: no response left for \(url)")
        var response = responses.removeFirst()
        response.url = FormURLEncoding.url(url, appending: query.map { URLQueryItem(name: $0.0, value: $0.1) })
        return response
    }
}
