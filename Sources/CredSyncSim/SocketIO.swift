import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Non-blocking socket primitives for the simulator's server. Every wait also watches the server's stop pipe, so
/// `stop()` interrupts reads, writes, delays and hangs alike.
enum SocketIO {
    enum Wait {
        case ready
        case timedOut
        case stopping
    }

    /// Waits until `fd` has one of `events`, the stop pipe becomes readable, or `timeoutMs` passes (nil: no limit).
    /// Hang-ups and errors count as ready: the next `recv` or `send` reports them.
    static func wait(_ fd: Int32, for events: Int32, stopFd: Int32, timeoutMs: Int?) -> Wait {
        let deadline = timeoutMs.map { monotonicMs() + Int64($0) }
        var fds = [
            pollfd(fd: fd, events: Int16(events), revents: 0), pollfd(fd: stopFd, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let remaining = deadline.map { Int32(clamping: max(0, $0 - monotonicMs())) } ?? -1
            let count = poll(&fds, 2, remaining)
            if count < 0 {
                if errno == EINTR { continue }
                return .stopping
            }
            if fds[1].revents != 0 { return .stopping }
            return count == 0 ? .timedOut : .ready
        }
    }

    /// Sleeps `ms` milliseconds; false when the server stops first.
    static func sleep(ms: Int, stopFd: Int32) -> Bool {
        var fds = [pollfd(fd: stopFd, events: Int16(POLLIN), revents: 0)]
        let deadline = monotonicMs() + Int64(ms)
        while true {
            let remaining = deadline - monotonicMs()
            if remaining <= 0 { return true }
            let count = poll(&fds, 1, Int32(clamping: remaining))
            if count > 0 || (count < 0 && errno != EINTR) { return false }
        }
    }

    /// Reads what is available into `buffer`. False when the peer closed, the connection failed, the wait timed out
    /// or the server is stopping.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], stopFd: Int32, timeoutMs: Int?) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            guard case .ready = wait(fd, for: Int32(POLLIN), stopFd: stopFd, timeoutMs: timeoutMs) else { return false }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
            return false
        }
    }

    /// Writes all of `bytes`. MSG_NOSIGNAL: a peer that has gone away yields EPIPE rather than a process-killing
    /// SIGPIPE.
    static func sendAll<Bytes: Collection<UInt8>>(_ fd: Int32, _ bytes: Bytes, stopFd: Int32) -> Bool {
        let contiguous = Array(bytes)
        var offset = 0
        while offset < contiguous.count {
            let count = contiguous.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                offset += count
                continue
            }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard case .ready = wait(fd, for: Int32(POLLOUT), stopFd: stopFd, timeoutMs: nil) else { return false }
                continue
            }
            return false
        }
        return true
    }

    /// Holds a connection open without answering until the peer closes it or the server stops; whatever the peer
    /// sends meanwhile is read and dropped.
    static func hang(_ fd: Int32, stopFd: Int32) {
        var discarded: [UInt8] = []
        while receive(fd, into: &discarded, stopFd: stopFd, timeoutMs: nil) { discarded.removeAll() }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// Keeps the descriptor out of processes the tests spawn.
    static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    private static func monotonicMs() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }
}
