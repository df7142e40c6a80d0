/// A complete HTTP response, whatever its status: 4xx and 5xx arrive here too, for the retry policy to judge.
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    /// The headers of the final response (after redirects and `100 Continue`).
    public var headers: HTTPHeaders
    /// The body, already decoded when the server sent `Content-Encoding: gzip` or `deflate`.
    public var body: [UInt8]
    /// The request's method and URL (with its query string: pass it through `URLRedaction` before logging).
    public var method: String
    public var url: String
    /// From the start of the request to the end of the body, as libcurl measured it.
    public var totalTimeMs: Int

    public init(
        status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], method: String = "GET", url: String = "",
        totalTimeMs: Int = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.method = method
        self.url = url
        self.totalTimeMs = totalTimeMs
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The first `maxBytes` of the body as text, for error messages ("the page is not JSON: `<html>…`").
    public func bodyPrefix(maxBytes: Int = 120) -> String {
        let text = String(decoding: body.prefix(maxBytes), as: UTF8.self)
        return body.count > maxBytes ? text + "…" : text
    }

    /// The start of the body for an error that is stored and shown: at most `maxCharacters`, with registered secrets
    /// and secret-looking fields masked before it is cut, so the cut cannot leave part of a secret behind.
    public func redactedBodyPrefix(maxCharacters: Int = 120) -> String {
        let text = SecretRegistry.shared.redact(String(decoding: body.prefix(4_096), as: UTF8.self))
        return text.count > maxCharacters || body.count > 4_096 ? text.prefix(maxCharacters) + "…" : text
    }
}
