import CredSyncCore
import Foundation

/// While a sync writes, claims a pending credential through `Operations` every `intervalMs` on its own connection,
/// as the CLI does, and times each claim: how long an operator waits for an answer beside a full-speed sync.
final class ClaimProbe: @unchecked Sendable {
    private let path: String
    private let intervalMs: Int
    private let lock = NSLock()
    private var stopped = false
    private var latenciesMs: [Double] = []
    private var failures: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(path: String, intervalMs: Int = 50) {
        self.path = path
        self.intervalMs = intervalMs
    }

    func start() {
        Thread.detachNewThread { [self] () in
            defer { done.signal() }
            do {
                let db = try Connection(path: path, options: .operatorAction)
                let settings = try Settings.load(flags: [:], environment: ["CREDSYNC_DB": path, "HOME": NSTemporaryDirectory()], configFile: nil)
                let operations = Operations(
                    OperationContext(
                        db: db, clock: SystemClock(), settings: settings, actor: "bench",
                        secretBox: { throw CommandError("no secrets in the claim probe") }, alertSink: .none))
                while !isStopped {
                    Thread.sleep(forTimeInterval: Double(intervalMs) / 1000)
                    let pending = try db.first(
                        "SELECT id, (SELECT min(id) FROM users) FROM external_credentials WHERE status = 'pending' LIMIT 1"
                    ) { ($0.int64(0), $0.int64(1)) }
                    guard let (credentialId, userId) = pending else { continue }
                    let start = Date()
                    do {
                        _ = try operations.claim(credentialId, user: String(userId))
                        record(Date().timeIntervalSince(start) * 1000)
                    } catch {
                        record(failure: "\(error)")
                    }
                }
            } catch {
                record(failure: "\(error)")
            }
        }
    }

    /// Stops the probe and sums up its claims: count, median and slowest answer, failures.
    func finish() -> String {
        lock.withLock { stopped = true }
        done.wait()
        return lock.withLock {
            let sorted = latenciesMs.sorted()
            guard !sorted.isEmpty else { return "no claim answered (\(failures.first ?? "no pending credential"))" }
            return String(
                format: "%d claims, median %.1f ms, p90 %.1f ms, slowest %.1f ms (aim < 100 ms)%@", sorted.count,
                sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 9 / 10)], sorted.last!, failures.isEmpty ? "" : ", \(failures.count) failed: \(failures[0])")
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }
    private func record(_ ms: Double) { lock.withLock { latenciesMs.append(ms) } }
    private func record(failure: String) { lock.withLock { failures.append(failure) } }
}
