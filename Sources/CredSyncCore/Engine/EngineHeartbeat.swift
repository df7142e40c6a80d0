/// What the engine reports on each beat of its own loops: the housekeeping thread once per interval while it runs
/// the engine, the thread waiting for the lease once per poll while another process holds it. The daemon turns
/// beats into systemd notifications (`SystemdNotifier`); a wedged loop stops beating.
public enum EngineHeartbeat: Sendable, Equatable {
    /// This process holds the lease and runs the engine; the status is nil when it could not be read this beat.
    case running(EngineStatus?)
    /// Another process holds the lease; this one takes over when it expires.
    case waiting(EngineLease)
}
