import CredSyncCore
import Foundation

/// What a handler answers: a status, headers, a body, and how to deliver it — normally, or with a fault.
public struct HTTPResponse: Sendable {
    /// How the server delivers a response; every fault but `.normal` stands in for a misbehaving platform.
    public enum Behavior: Sendable, Equatable {
        case normal
        /// Wait this long before sending the response (a slow platform).
        case delay(ms: Int)
        /// Send the headers with the full `Content-Length`, then only the first `afterBytes` of the body, and close.
        case truncate(afterBytes: Int)
        /// Never answer; the connection closes when the client gives up, or when the server stops.
        case hang
        /// Close the connection without a byte of response.
        case closeWithoutResponse
    }

    public var status: Int
    /// Sent as given; the server adds `Content-Length` and, when it closes the connection, `Connection: close`.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var behavior: Behavior

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], behavior: Behavior = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.behavior = behavior
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ body: [UInt8], status: Int = 200, headers: HTTPHeaders = [:]) -> Self {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return Self(status: status, headers: headers, body: body)
    }

    /// A JSON body from a string.
    public static func json(_ text: String, status: Int = 200, headers: HTTPHeaders = [:]) -> Self {
        json(Array(text.utf8), status: status, headers: headers)
    }

    /// A plain-text body.
    public static func text(_ text: String, status: Int = 200) -> Self {
        Self(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// `{"error":"<message>"}` with the given status, as the simulated platforms answer errors.
    public static func error(_ status: Int, _ message: String) -> Self {
        let escaped = message.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return json("{\"error\":\"\(escaped)\"}", status: status)
    }

    /// This response delivered with `behavior`.
    public func with(_ behavior: Behavior) -> Self {
        var copy = self
        copy.behavior = behavior
        return copy
    }

    /// The standard reason phrase for the status line (`Not Found`); "Status" for codes without one here.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
