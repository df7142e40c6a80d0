import Foundation

/// Where the background threads leave actions for the UI thread: the latest snapshot (older ones are dropped
/// unread) and every command result, in order. Each post also makes `wakeDescriptor` readable, so the UI thread can
/// wait for a key and for the mailbox at once instead of polling.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: Action?
    private var results: [Action] = []
    private var pipeEnds: [Int32] = [-1, -1]

    init() {
        if pipe(&pipeEnds) == 0 {
            for end in pipeEnds { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        } else {
            pipeEnds = [-1, -1]
        }
    }

    deinit {
        for end in pipeEnds where end >= 0 { close(end) }
    }

    /// Readable while something waits in the mailbox; -1 when no pipe could be made (then poll instead).
    var wakeDescriptor: Int32 { pipeEnds[0] }

    func postSnapshot(_ action: Action) {
        lock.withLock { snapshot = action }
        wake()
    }

    func postResult(_ action: Action) {
        lock.withLock { results.append(action) }
        wake()
    }

    /// Everything posted since the last call: the snapshot first, then the results.
    func take() -> [Action] {
        lock.withLock {
            var drain = [UInt8](repeating: 0, count: 64)
            if pipeEnds[0] >= 0 { while read(pipeEnds[0], &drain, drain.count) > 0 {} }
            defer {
                snapshot = nil
                results = []
            }
            return (snapshot.map { [$0] } ?? []) + results
        }
    }

    private func wake() {
        guard pipeEnds[1] >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(pipeEnds[1], &byte, 1)  // a full pipe already wakes the reader
    }
}
