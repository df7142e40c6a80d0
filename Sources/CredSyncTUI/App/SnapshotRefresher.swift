import Foundation

/// A dedicated thread that reads a snapshot from the data source — every `activeIntervalMs` while a job runs (its
/// progress moves), every `idleIntervalMs` otherwise, or at once when asked (after a command) — and posts it to
/// the mailbox only when it has news: a snapshot that differs from the last one only in its clock wakes nobody
/// (the UI thread keeps the clock itself). A read costs little while nothing changed: the data source answers
/// from its cache while SQLite's `data_version` stays the same. Blocking reads stay off the UI thread and off
/// Swift's cooperative pool.
final class SnapshotRefresher: @unchecked Sendable {
    private let dataSource: any DashboardDataSource
    private let mailbox: Mailbox
    private let activeIntervalMs: Int
    private let idleIntervalMs: Int
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private var wakeRequested = false
    private var windows = DashboardWindows()

    init(dataSource: any DashboardDataSource, mailbox: Mailbox, activeIntervalMs: Int = 250, idleIntervalMs: Int = 1_000) {
        self.dataSource = dataSource
        self.mailbox = mailbox
        self.activeIntervalMs = activeIntervalMs
        self.idleIntervalMs = idleIntervalMs
    }

    /// How long to wait after reading `snapshot` (nil: the read failed) before the next read.
    static func intervalMs(after snapshot: DashboardSnapshot?, activeMs: Int, idleMs: Int) -> Int {
        (snapshot?.activeJobCount ?? 0) > 0 ? activeMs : idleMs
    }

    /// Whether `snapshot` tells the UI anything `last` (the one posted before) did not, beyond the clock.
    static func isNews(_ snapshot: DashboardSnapshot, since last: DashboardSnapshot?) -> Bool {
        guard var last else { return true }
        last.nowMs = snapshot.nowMs
        return last != snapshot
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "credsync-dashboard-refresh"
        thread.start()
    }

    /// Reads the next snapshot now instead of at the next interval.
    func refreshNow() {
        condition.withLock {
            wakeRequested = true
            condition.signal()
        }
    }

    /// Reads the rows `windows` asks for from now on, at once when they changed.
    func want(_ windows: DashboardWindows) {
        condition.withLock {
            guard windows != self.windows else { return }
            self.windows = windows
            wakeRequested = true
            condition.signal()
        }
    }

    /// Stops the thread and waits up to `timeoutSeconds` for a read in progress to end.
    func stop(timeoutSeconds: Double = 2) {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        while !finished, condition.wait(until: deadline) {}
    }

    private func loop() {
        var posted: DashboardSnapshot?
        while !condition.withLock({ stopped }) {
            var read: DashboardSnapshot?
            do {
                let windows = condition.withLock { self.windows }
                let snapshot = try dataSource.snapshot(windows: windows)
                read = snapshot
                if Self.isNews(snapshot, since: posted) {
                    mailbox.postSnapshot(.snapshot(snapshot))
                    posted = snapshot
                }
            } catch {
                mailbox.postSnapshot(.snapshotFailed("cannot read the database: \(error)"))
                posted = nil
            }
            let waitMs = Self.intervalMs(after: read, activeMs: activeIntervalMs, idleMs: idleIntervalMs)
            condition.withLock {
                if !wakeRequested && !stopped {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(waitMs) / 1000))
                }
                wakeRequested = false
            }
        }
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }
}
