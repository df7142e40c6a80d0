import Foundation

/// A socket call that failed while the simulator's server started, with the system's reason.
public struct SocketError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being done: `bind 127.0.0.1:8080`.
    public let operation: String
    public let errno: Int32

    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "the simulator could not \(operation): \(String(cString: strerror(errno)))"
    }
}
