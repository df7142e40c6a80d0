import CredSyncCore
import Foundation

/// Simulated training platforms on one loopback HTTP server (SPEC §12): each platform under its own path prefix,
/// so `baseURL(for: "nsqf")` is `http://127.0.0.1:PORT/nsqf` and the contract's paths follow it
/// (`/nsqf/oauth/token`, `/nsqf/v1/certificates`).
///
/// ```swift
/// let simulator = PlatformSimulator(platforms: [SimulatedPlatform(name: "nsqf", contract: .nsqf, count: 250)])
/// try simulator.start()
/// defer { simulator.stop() }
/// simulator.inject(.status(503, retryAfter: "1"), platform: "nsqf", times: 2)
/// simulator.update(platform: "nsqf", count: 7)
/// ```
///
/// Thread safe: platforms, faults, updates and switches may change while requests are served. Naming a platform
/// that was never added is a bug and traps.
public final class PlatformSimulator: @unchecked Sendable {
    private let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var hosts: [String: SimulatedPlatformHost] = [:]
    private let clock: any WallClock

    /// - Parameters:
    ///   - port: 0 for an ephemeral port.
    ///   - clock: tests inject a `ManualClock` to expire tokens and date updates without sleeping.
    public init(port: UInt16 = 0, platforms: [SimulatedPlatform] = [], clock: any WallClock = SystemClock()) {
        self.clock = clock
        let box = HandlerBox()
        server = LoopbackHTTPServer(configuration: .init(port: port)) {
            box.simulator?.handle($0) ?? .error(503, "starting")
        }
        box.simulator = self
        for platform in platforms { add(platform) }
    }

    /// Binds 127.0.0.1 and starts serving.
    public func start() throws(SocketError) {
        try server.start()
    }

    /// Closes every connection and waits for the server's threads.
    public func stop() {
        server.stop()
    }

    /// `http://127.0.0.1:PORT`.
    public var rootURL: String { server.baseURL }

    public var port: UInt16 { server.port }

    // MARK: - Platforms

    /// Adds a platform (also while serving). Its name must be new.
    public func add(_ platform: SimulatedPlatform) {
        let host = SimulatedPlatformHost(platform: platform, clock: clock) { [server] in server.baseURL }
        lock.withLock {
            precondition(hosts[platform.name] == nil, "a simulated platform \"\(platform.name)\" already exists")
            hosts[platform.name] = host
        }
    }

    /// The platforms, sorted by name.
    public var platforms: [SimulatedPlatform] {
        lock.withLock { hosts.values.map(\.platform).sorted { $0.name < $1.name } }
    }

    public func platform(named name: String) -> SimulatedPlatform { host(name).platform }

    /// `http://127.0.0.1:PORT/<name>`: the platform's API base URL.
    public func baseURL(for name: String) -> String { host(name).baseURL }

    // MARK: - Data

    /// Changes `count` records of the platform — the same ones for the same seed and generation — so that their
    /// title and `updated_at` (now, to the second) are new. Returns their external ids.
    @discardableResult
    public func update(platform name: String, count: Int) -> [String] {
        host(name).update(count: count)
    }

    /// How many updates the platform has had.
    public func generation(of name: String) -> Int { host(name).generation }

    /// The external ids a list request with `sinceMs` would return now (each once).
    public func externalIds(platform name: String, sinceMs: Int64? = nil) -> Set<String> {
        let listing = host(name).listing(sinceMs: sinceMs)
        if sinceMs == nil { return Set((0..<listing.generator.count).map(listing.generator.externalId)) }
        return Set((0..<listing.count).map { listing.generator.externalId(at: listing.recordIndex(at: $0)) })
    }

    /// The credential behind external record `index`, as now served.
    public func credential(platform name: String, index: Int) -> SimulatedCredential {
        let host = host(name)
        let listing = host.listing(sinceMs: nil)
        return listing.generator.credential(at: index, revision: listing.log.revisions[index])
    }

    /// Writes a file platform's export to `path` (for `file_import` with `config.path`), as now served.
    public func writeExport(platform name: String, to path: String) throws {
        let host = host(name)
        try FileExport.write(
            host.listing(sinceMs: nil), contract: host.platform.contract, baseURL: host.baseURL, to: path)
    }

    // MARK: - Faults

    /// Queues `fault` for the platform's next `times` requests of `target` (nil: until `clearFaults`).
    public func inject(_ fault: HTTPFault, platform name: String, times: Int? = 1, on target: FaultTarget = .pages) {
        host(name).inject(fault, on: target, times: times)
    }

    public func clearFaults(platform name: String) {
        host(name).faults.clear()
    }

    /// Makes every next-page pointer (cursor, link, page number) point back at the page just served.
    public func setRepeatingCursor(platform name: String, on: Bool) {
        host(name).isRepeatingCursor = on
    }

    /// Invalidates every token the platform has issued (nsqf): the next page answers 401 until a new token is fetched.
    public func expireTokens(platform name: String) {
        host(name).expireTokens()
    }

    /// Revokes the platform's access and refresh tokens, long-lived ones included: the next refresh answers
    /// `400 invalid_grant` (or `invalid_token`), as when a user withdraws an authorization.
    public func revokeTokens(platform name: String) {
        host(name).revokeTokens()
    }

    /// A new authorization after a revocation, as the operator gets by signing in again: a fresh refresh token
    /// (`auth: .refreshToken`) or long-lived access token (`auth: .longLivedToken`), to enter as the platform's
    /// secret.
    public func authorizeAgain(platform name: String) -> String {
        host(name).authorizeAgain()
    }

    // MARK: - Counters

    public func counters(platform name: String) -> SimulatorCounters { host(name).currentCounters }

    // MARK: - Serving

    private func host(_ name: String) -> SimulatedPlatformHost {
        guard let host = lock.withLock({ hosts[name] }) else {
            preconditionFailure("no simulated platform \"\(name)\"")
        }
        return host
    }

    private func handle(_ request: HTTPRequest) -> HTTPResponse {
        let name = request.path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        guard let host = lock.withLock({ hosts[name] }) else {
            return .error(404, "no simulated platform at /\(name)")
        }
        return host.handle(request)
    }

    /// Lets the server's handler reach the simulator it is created for without a strong cycle.
    private final class HandlerBox: @unchecked Sendable {
        weak var simulator: PlatformSimulator?
    }
}
