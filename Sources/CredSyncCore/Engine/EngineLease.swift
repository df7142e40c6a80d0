/// The one-engine-per-database lease in `engine_lease`: one row, renewed by the engine's heartbeat.
public struct EngineLease: Sendable, Equatable {
    public var holder: String
    public var pid: Int32
    public var host: String
    public var heartbeatAtMs: Int64
    public var expiresAtMs: Int64
}
