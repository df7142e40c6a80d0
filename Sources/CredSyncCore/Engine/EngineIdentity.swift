import Foundation

/// Who holds the engine lease: a random holder id plus the pid and host for operators.
public struct EngineIdentity: Sendable, Equatable {
    public var holder: String
    public var pid: Int32
    public var host: String

    public init(holder: String, pid: Int32, host: String) {
        self.holder = holder
        self.pid = pid
        self.host = host
    }

    /// This process.
    public static func current() -> EngineIdentity {
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        return EngineIdentity(
            holder: "\(host):\(pid):\(UUID().uuidString.prefix(8).lowercased())", pid: pid, host: host)
    }
}
