import Foundation

/// A dedicated thread that reads a snapshot from the data source every `intervalMs`, or at once when asked
/// (after a command), and posts it to the mailbox. Blocking reads stay off the UI thread and off Swift's
/// cooperative pool.
final class SnapshotRefresher: @unchecked Sendable {
    private let dataSource: any DashboardDataSource
    private let mailbox: Mailbox
    private let intervalMs: Int
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private var wakeRequested = false
    private var windows = DashboardWindows()

    init(dataSource: any DashboardDataSource, mailbox: Mailbox, intervalMs: Int) {
        self.dataSource = dataSource
        self.mailbox = mailbox
        self.intervalMs = intervalMs
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
        while !condition.withLock({ stopped }) {
            do {
                let windows = condition.withLock { self.windows }
                mailbox.postSnapshot(.snapshot(try dataSource.snapshot(windows: windows)))
            } catch {
                mailbox.postSnapshot(.snapshotFailed("cannot read the database: \(error)"))
            }
            condition.withLock {
                if !wakeRequested && !stopped {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(intervalMs) / 1000))
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
