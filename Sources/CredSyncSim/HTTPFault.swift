import CredSyncCore

/// A fault the simulator can inject in place of, or on top of, a route's normal answer (SPEC §12).
public enum HTTPFault: Sendable, Equatable {
    /// Answer `status` with a JSON error body instead of calling the route: 500, 502, 503, 401 (an expired token),
    /// 429 — with `Retry-After: <retryAfter>` when given (seconds or an HTTP-date).
    case status(Int, retryAfter: String? = nil)
    /// Answer normally, but only after `ms` milliseconds.
    case delay(ms: Int)
    /// Never answer: the client's timeout fires.
    case hang
    /// Close the connection without answering. On a reused keep-alive connection libcurl takes this for a connection
    /// that died while idle and resends the request once on a fresh one, so the client sees an error ("Empty reply
    /// from server") only on a new connection, or when the fault is injected twice.
    case closeWithoutResponse
    /// Answer normally but cut the body after `afterBytes` bytes, with the full `Content-Length` announced.
    case truncate(afterBytes: Int)
    /// Answer the route's status and headers with a body that is not valid JSON (the start of the real one).
    case malformedJSON
    /// Answer `status` with an error body that quotes the request — its target with the query string, and its
    /// body — as a careless platform does: what credsync sent (a client secret, a refresh token) comes back in the
    /// text of an error it will log and store.
    case echoRequest(status: Int)
    /// Answer `status` with an error body that lists the request's headers as a debugging proxy prints them —
    /// `[('authorization', 'Basic …')]` — a shape no name-based rule recognises, so only masking by value (and by
    /// the value's derived forms) keeps the credentials out.
    case echoHeaders(status: Int)
    /// Answer `status` with an HTML page instead of calling the route, as a web server or a proxy in front of a
    /// misconfigured API URL does.
    case htmlPage(status: Int = 200)
    /// Answer `302 Found` with `Location: <location>` instead of calling the route.
    case redirect(location: String)

    /// Whether the route still runs (the fault alters its answer) or is replaced entirely.
    var callsRoute: Bool {
        switch self {
        case .delay, .truncate, .malformedJSON: return true
        case .status, .hang, .closeWithoutResponse, .echoRequest, .echoHeaders, .htmlPage, .redirect: return false
        }
    }

    /// The response to `request`: `routeResponse` when the route ran, altered by the fault.
    func apply(to routeResponse: HTTPResponse?, request: HTTPRequest) -> HTTPResponse {
        switch self {
        case .echoRequest(let status):
            let body = String(decoding: request.body, as: UTF8.self)
            return HTTPResponse.error(status, "invalid request \(request.method) \(request.target) \(body)")
        case .echoHeaders(let status):
            // Credentials first, as a debugging proxy that lists them first would.
            let fields = request.headers.filter { $0.name.lowercased() == "authorization" }
                + request.headers.filter { $0.name.lowercased() != "authorization" }
            let headers = fields.map { "('\($0.name.lowercased())', '\($0.value)')" }.joined(separator: ", ")
            return HTTPResponse.error(status, "invalid request; received headers [\(headers)]")
        case .status(let status, let retryAfter):
            var response = HTTPResponse.error(status, "injected fault: HTTP \(status)")
            if let retryAfter { response.headers["Retry-After"] = retryAfter }
            return response
        case .htmlPage(let status):
            return HTTPResponse(
                status: status, headers: ["Content-Type": "text/html; charset=utf-8"],
                body: Array("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>".utf8))
        case .redirect(let location):
            return HTTPResponse(status: 302, headers: ["Location": location])
        case .hang:
            return HTTPResponse(status: 200, behavior: .hang)
        case .closeWithoutResponse:
            return HTTPResponse(status: 200, behavior: .closeWithoutResponse)
        case .delay(let ms):
            return (routeResponse ?? HTTPResponse(status: 200)).with(.delay(ms: ms))
        case .truncate(let afterBytes):
            return (routeResponse ?? HTTPResponse(status: 200)).with(.truncate(afterBytes: afterBytes))
        case .malformedJSON:
            var response = routeResponse ?? HTTPResponse.json("{}")
            let cut = response.body.count / 2
            response.body = Array(response.body.prefix(cut)) + Array("<<not json".utf8)
            return response
        }
    }
}
