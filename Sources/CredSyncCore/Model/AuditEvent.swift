/// One entry of the audit log: who did what to which target, and the (redacted) details.
public struct AuditEvent: Sendable, Equatable {
    public var id: Int64
    public var atMs: Int64
    /// The OS user who ran the command, or the user the engine runs as for what it does by itself.
    public var actor: String
    /// `platform.add`, `token.refresh`, `key.rotate`, `scheduler.start`…
    public var action: String
    /// `platform:nsqf`, `job:42`, `credential:7`; nil for global actions.
    public var target: String?
    public var details: JSONObject
}
