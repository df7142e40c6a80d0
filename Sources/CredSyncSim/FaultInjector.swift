import Foundation

/// Faults queued for the simulator's routes, consumed in order by matching requests. Thread safe: tests and the demo
/// queue faults while connection threads take them.
///
/// `inject(.status(503), pathPrefix: "/nsqf/", times: 2)` makes the next two requests under `/nsqf/` answer 503;
/// `times: nil` keeps the fault until `clear()`. Rules are tried in the order they were added; a request takes the
/// first rule whose prefix matches its path.
public final class FaultInjector: @unchecked Sendable {
    private struct Rule {
        var fault: HTTPFault
        var pathPrefix: String
        var remaining: Int?
    }

    private let lock = NSLock()
    private var rules: [Rule] = []
    private var served = 0

    public init() {}

    /// Queues `fault` for the next `times` requests whose path starts with `pathPrefix` (nil: every one until
    /// `clear()`).
    public func inject(_ fault: HTTPFault, pathPrefix: String = "/", times: Int? = 1) {
        precondition(times.map { $0 > 0 } ?? true, "a fault applies at least once")
        lock.withLock { rules.append(Rule(fault: fault, pathPrefix: pathPrefix, remaining: times)) }
    }

    /// Drops every queued fault.
    public func clear() {
        lock.withLock { rules.removeAll() }
    }

    /// How many requests a fault has been applied to.
    public var faultsServed: Int { lock.withLock { served } }

    /// Faults still queued (a rule without a count counts once).
    public var pending: Int { lock.withLock { rules.reduce(0) { $0 + ($1.remaining ?? 1) } } }

    /// Takes the fault for `request`, if one is queued for its path.
    func take(for request: HTTPRequest) -> HTTPFault? {
        lock.withLock {
            guard let index = rules.firstIndex(where: { request.path.hasPrefix($0.pathPrefix) }) else { return nil }
            let fault = rules[index].fault
            if let remaining = rules[index].remaining {
                if remaining <= 1 { rules.remove(at: index) } else { rules[index].remaining = remaining - 1 }
            }
            served += 1
            return fault
        }
    }
}
