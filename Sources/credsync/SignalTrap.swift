import Dispatch
import Foundation

/// SIGINT and SIGTERM: the first calls `onFirst` on a thread of its own (a graceful shutdown that may take seconds);
/// the second exits at once. Either way nothing committed is lost: SQLite transactions are atomic.
final class SignalTrap: @unchecked Sendable {
    private let queue = DispatchQueue(label: "credsync.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var received = 0

    init(onFirst: @escaping @Sendable (Int32) -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [self] in
                received += 1
                if received > 1 {
                    FileHandle.standardError.write(Data("credsync: second signal, exiting now\n".utf8))
                    _exit(130)
                }
                Thread { onFirst(signalNumber) }.start()
            }
            source.resume()
            sources.append(source)
        }
    }
}
