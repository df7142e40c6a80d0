import CredSyncCore

/// Maps method and path to a handler, with a `FaultInjector` in front. Patterns are literal segments and `{name}`
/// captures: `/v1/organizations/{organizationId}/badges`. An unknown path answers 404, a known path with another
/// method 405 with `Allow`.
///
/// Build it, then serve it: `LoopbackHTTPServer(handler: router.handle)`. Immutable once built, so connection threads
/// share it freely.
public struct HTTPRouter: Sendable {
    public typealias Parameters = [String: String]
    public typealias Handler = @Sendable (HTTPRequest, Parameters) -> HTTPResponse

    private struct Route: Sendable {
        var method: String
        var segments: [Substring]
        var handler: Handler
    }

    private var routes: [Route] = []
    public let faults: FaultInjector

    public init(faults: FaultInjector = FaultInjector()) {
        self.faults = faults
    }

    /// Adds a route; the first added wins when two match.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        precondition(pattern.hasPrefix("/"), "route patterns start with /")
        routes.append(Route(method: method, segments: Self.segments(pattern), handler: handler))
    }

    /// Answers `request`: an injected fault, the matching route's response, or 404/405.
    @Sendable public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let fault = faults.take(for: request)
        if let fault, !fault.callsRoute { return fault.apply(to: nil, request: request) }
        let response = route(request)
        return fault?.apply(to: response, request: request) ?? response
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        let path = Self.segments(request.path)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.match(route.segments, path) else { continue }
            if route.method == request.method || (request.method == "HEAD" && route.method == "GET") {
                return route.handler(request, parameters)
            }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return .error(404, "no route for \(request.path)") }
        var response = HTTPResponse.error(405, "\(request.method) is not allowed on \(request.path)")
        response.headers["Allow"] = allowed.joined(separator: ", ")
        return response
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func match(_ pattern: [Substring], _ path: [Substring]) -> Parameters? {
        guard pattern.count == path.count else { return nil }
        var parameters: Parameters = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix("{"), expected.hasSuffix("}") {
                parameters[String(expected.dropFirst().dropLast())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
