import Foundation

/// Polls `condition` every 20 ms until it holds or `timeoutSeconds` pass; for tests of real threads and processes,
/// where there is no clock to inject. Returns whether the condition held.
public func eventually(timeoutSeconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
